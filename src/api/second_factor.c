/* The second factor of the signed-in user (/me/second-factor): its state, enrolment with a QR code drawn by the
 * server, confirmation with a first code and the recovery codes shown once; an administrator's reset
 * (/users/{id}/second-factor/reset). */
#include <sodium.h>
#include <stdlib.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "doc/qr.h"
#include "domain/org/second_factor.h"

int api_me_second_factor_get(Request *req)
{
    SecondFactorState state;
    int rc = domain_second_factor_state(&req->ctx, &state);
    if (rc == TK_OK)
        api_respond(req, 200,
                    json_pack("{s:b, s:b, s:b, s:i}", "required", state.required, "enrolled", state.enrolled, "pending",
                              state.pending, "recovery_codes_left", state.recovery_left));
    return rc;
}

int api_me_second_factor_begin(Request *req)
{
    SecondFactorEnrolment enrolment;
    int rc = domain_second_factor_begin(&req->ctx, &enrolment);
    if (rc != TK_OK)
        return rc;
    Buf svg;
    buf_init(&svg, 1u << 20);
    rc = doc_qr_svg(enrolment.uri, &svg);
    if (rc == TK_OK)
        api_respond(req, 201,
                    json_pack("{s:s, s:s, s:s%}", "secret", enrolment.secret, "uri", enrolment.uri, "qr_svg", svg.data,
                              svg.len));
    buf_free(&svg);
    sodium_memzero(enrolment.secret, sizeof enrolment.secret);
    return rc;
}

int api_me_second_factor_confirm(Request *req)
{
    static const FieldSpec specs[] = {BODY_CHECK("code", FIELD_STRING, true, 32), {0}};
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_TEXT];
    rc = domain_second_factor_confirm(&req->ctx, api_field_text(body, "code"), codes);
    json_decref(body);
    if (rc != TK_OK)
        return rc;
    json_t *list = json_array();
    for (int i = 0; i < RECOVERY_CODE_COUNT; i++)
        json_array_append_new(list, json_string(codes[i]));
    sodium_memzero(codes, sizeof codes);
    api_respond(req, 200, json_pack("{s:b, s:o}", "enrolled", 1, "recovery_codes", list));
    return TK_OK;
}

API_NO_CONTENT_HANDLER(api_user_second_factor_reset, domain_second_factor_reset, 1)
