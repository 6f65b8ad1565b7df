/* Sealed juvenile records and their court orders, retention reviews and erasure requests (domain/records/): the
 * records officer's pages, and the worker's recording of a person's request for erasure. */
#include <stdio.h>
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/records/records.h"

static json_t *sealed_json(const SealedCase *s)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:o, s:o, s:o, s:I}", "case_id", (json_int_t)s->case_id, "reference",
                     s->reference, "kind", s->kind, "unit_id", (json_int_t)s->unit_id, "unit_name_ar",
                     api_text_or_null(s->unit_name_ar), "unit_name_en", api_text_or_null(s->unit_name_en), "sealed_at",
                     api_time(s->sealed_at), "orders", (json_int_t)s->orders);
}

static json_t *order_json(const SealOrder *o)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)o->id, "case_id", (json_int_t)o->case_id,
                          "kind", o->kind, "court", o->court, "purpose", o->purpose ? o->purpose : "");
    char reference[48];
    snprintf(reference, sizeof reference, "%lld/%lld", (long long)o->order_number, (long long)o->order_year);
    json_object_set_new(j, "order", json_string(reference));
    json_object_set_new(j, "reader_id", o->reader_id ? json_integer(o->reader_id) : json_null());
    json_object_set_new(j, "reader_name", api_text_or_null(o->reader_name));
    json_object_set_new(j, "expires_at", o->expires_at ? api_time(o->expires_at) : json_null());
    json_object_set_new(j, "recorded_by_name", api_text_or_null(o->recorded_by_name));
    json_object_set_new(j, "recorded_at", api_time(o->recorded_at));
    json_object_set_new(j, "case_reference", api_text_or_null(o->case_reference));
    return j;
}

static json_t *review_json(const RetentionReview *r)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:o, s:o, s:o, s:s, s:s, s:I}", "case_id", (json_int_t)r->case_id,
                          "reference", r->reference, "kind", r->kind, "unit_id", (json_int_t)r->unit_id, "unit_name_ar",
                          api_text_or_null(r->unit_name_ar), "unit_name_en", api_text_or_null(r->unit_name_en),
                          "closed_at", api_time(r->closed_at), "due_on", r->due_on, "state", r->state, "version",
                          (json_int_t)r->version);
    json_object_set_new(j, "keep_reason", api_text_or_null(r->keep_reason));
    json_object_set_new(j, "decided_at", r->decided_at ? api_time(r->decided_at) : json_null());
    return j;
}

static json_t *erasure_json(const ErasureRequest *e)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:o, s:I}", "id", (json_int_t)e->id, "person_id",
                          (json_int_t)e->person_id, "basis", e->basis, "state", e->state, "requested_at",
                          api_time(e->requested_at), "version", (json_int_t)e->version);
    api_set_texts(j, "refusal", e->refusal, "decision_note", e->decision_note, "requested_by_name",
                  e->requested_by_name, "unit_name_ar", e->unit_name_ar, "unit_name_en", e->unit_name_en, NULL);
    json_object_set_new(j, "decided_at", e->decided_at ? api_time(e->decided_at) : json_null());
    return j;
}

API_LIST_HANDLER(api_sealed_list, SealedCase, domain_sealed_list, 0, NULL, sealed_json)

API_LIST_HANDLER(api_seal_orders, SealOrder, domain_seal_orders, 0, NULL, order_json)

int api_seal_order_add(Request *req)
{
    struct {
        SealOrder seal;
        const char *order, *reader; /* order: the court order's reference */
        int64_t days;
    } in = {0};
    static const FieldSpec specs[] = {
        BODY_FIELD(__typeof__(in), seal.kind, FIELD_STRING, true, 20),
        BODY_FIELD(__typeof__(in), seal.court, FIELD_STRING, true, 40),
        BODY_FIELD(__typeof__(in), order, FIELD_STRING, true, 40),
        BODY_FIELD(__typeof__(in), seal.purpose, FIELD_STRING, true, 1000),
        BODY_FIELD(__typeof__(in), reader, FIELD_STRING_OR_NULL, false, 80),
        BODY_FIELD(__typeof__(in), days, FIELD_INTEGER_OR_NULL, false, 0),
        {0},
    };
    int rc = api_body_record(req, specs, &in);
    SealOrder order = in.seal;
    if (rc == TK_OK)
        rc = domain_seal_order_add(&req->ctx, req->params[0], in.order, in.reader, in.days, &order);
    if (rc == TK_OK)
        api_respond(req, 201, order_json(&order));
    return rc;
}

API_LIST_BY_QUERY_HANDLER(api_retention_list, RetentionReview, domain_retention_reviews, "state", review_json)

/* A decision on a retention review: anonymise (keep_reason NULL) or keep with a reason. */
static int retention_decide(Request *req, bool keep)
{
    struct {
        const char *reason; /* only in keep_specs */
        int64_t version;
    } in = {0};
    static const FieldSpec anonymise_specs[] = {BODY_FIELD(__typeof__(in), version, FIELD_INTEGER, true, 0), {0}};
    static const FieldSpec keep_specs[] = {BODY_FIELD(__typeof__(in), version, FIELD_INTEGER, true, 0),
                                           BODY_FIELD(__typeof__(in), reason, FIELD_STRING, true, 1000),
                                           {0}};
    int rc = api_body_record(req, keep ? keep_specs : anonymise_specs, &in);
    RetentionReview review;
    if (rc == TK_OK)
        rc = keep ? domain_retention_keep(&req->ctx, req->params[0], in.version, in.reason, &review)
                  : domain_retention_anonymise(&req->ctx, req->params[0], in.version, &review);
    if (rc == TK_OK)
        api_respond(req, 200, review_json(&review));
    return rc;
}

int api_retention_anonymise(Request *req)
{
    return retention_decide(req, false);
}

int api_retention_keep(Request *req)
{
    return retention_decide(req, true);
}

BODY_RECORD(ErasureBody, erasure_specs, (const char *, basis, FIELD_STRING, true, 1000));
API_BODY_CALL_HANDLER(api_erasure_request_add, ErasureBody, erasure_specs, ErasureRequest,
                      domain_erasure_request(&req->ctx, req->params[0], in.basis, &out),
                      api_answer(req, 201, erasure_json(&out)))

API_LIST_BY_QUERY_HANDLER(api_erasure_list, ErasureRequest, domain_erasure_list, "state", erasure_json)

BODY_RECORD(ErasureDecision, erasure_decision_specs, (int64_t, version, FIELD_INTEGER, true, 0),
            (const char *, decision, FIELD_STRING, true, 20), (const char *, refusal, FIELD_STRING_OR_NULL, false, 40),
            (const char *, note, FIELD_STRING_OR_NULL, false, 1000));
API_BODY_CALL_HANDLER(api_erasure_decide, ErasureDecision, erasure_decision_specs, ErasureRequest,
                      domain_erasure_decide(&req->ctx, req->params[0], in.version, in.decision, in.refusal, in.note,
                                            &out),
                      api_answer(req, 200, erasure_json(&out)))
