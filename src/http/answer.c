/* The answer: the JSON of the API (or the file it made), an error before the API runs, a file of the web interface;
 * each with the security headers every answer carries. */
#include <string.h>

#include "http/assets.h"
#include "http/http.h"
#include "http/json_text.h"
#include "http/metrics.h"

static const char CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
                          "frame-ancestors 'none'";

static void add_common_headers(struct MHD_Response *response, bool api)
{
    MHD_add_response_header(response, "Content-Security-Policy", CSP);
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(response, "X-Frame-Options", "DENY");
    MHD_add_response_header(response, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(response, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(response, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    MHD_add_response_header(response, "Cache-Control", api ? "no-store" : "no-cache");
    if (http_config.tls)
        MHD_add_response_header(response, "Strict-Transport-Security", "max-age=31536000");
}

enum MHD_Result http_send_json(struct MHD_Connection *connection, Request *req)
{
    char *text = NULL;
    size_t len = 0;
    if (req->file) {
        /* a file made by the API (a PDF): the connection frees it once sent */
        text = req->file;
        len = req->file_len;
        req->file = NULL;
    } else if (req->response) {
        text = json_text(req->response, &len);
        if (!text && req->status < 500) {
            /* memory ran out, or an answer nested too deep (a bug): no answer half written, a server error */
            memset(&req->fault, 0, sizeof req->fault);
            api_respond_error(req, TK_ERR_INTERNAL);
            text = json_text(req->response, &len);
        }
    }
    struct MHD_Response *response = text ? MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE)
                                         : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!response) {
        free(text);
        return MHD_NO;
    }
    add_common_headers(response, true);
    if (text && req->file_type) {
        char disposition[300];
        snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"",
                 req->file_name ? req->file_name : "document");
        MHD_add_response_header(response, "Content-Type", req->file_type);
        MHD_add_response_header(response, "Content-Disposition", disposition);
    } else if (text)
        MHD_add_response_header(response, "Content-Type", "application/json; charset=utf-8");
    for (int i = 0; i < req->cookie_count; i++)
        MHD_add_response_header(response, "Set-Cookie", req->set_cookies[i]);
    if (req->retry_after > 0) {
        char seconds[16];
        snprintf(seconds, sizeof seconds, "%d", req->retry_after);
        MHD_add_response_header(response, "Retry-After", seconds);
    }
    if (req->session_expires_in > 0) {
        char seconds[24];
        snprintf(seconds, sizeof seconds, "%lld", (long long)req->session_expires_in);
        MHD_add_response_header(response, "Takamul-Session-Expires-In", seconds);
    }
    enum MHD_Result result = MHD_queue_response(connection, (unsigned)req->status, response);
    MHD_destroy_response(response);
    return result;
}

/* An error before the API runs (body too large): in the same format, Arabic unless English was asked. */
enum MHD_Result http_send_early_error(struct MHD_Connection *connection, Request *req, int err, const char *code)
{
    fault_set(&req->fault, err, code);
    api_respond_error(req, err);
    return http_send_json(connection, req);
}

enum MHD_Result http_send_asset(struct MHD_Connection *connection, Request *req, const char *path, const char *method)
{
    Asset asset;
    struct MHD_Response *response;
    unsigned status = MHD_HTTP_OK;
    bool readable = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    if (readable && assets_find(http_config.web_dir, path, &asset)) {
        response = MHD_create_response_from_buffer(asset.size, (void *)asset.data,
                                                   asset.owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (response)
            MHD_add_response_header(response, "Content-Type", asset.content_type);
    } else {
        static const char not_found[] = "Not found / غير موجود\n";
        status = readable ? MHD_HTTP_NOT_FOUND : MHD_HTTP_METHOD_NOT_ALLOWED;
        response = MHD_create_response_from_buffer(sizeof not_found - 1, (void *)not_found, MHD_RESPMEM_PERSISTENT);
        if (response)
            MHD_add_response_header(response, "Content-Type", "text/plain; charset=utf-8");
    }
    if (!response)
        return MHD_NO;
    add_common_headers(response, false);
    if (req) {
        req->route = METRICS_ROUTE_WEB;
        req->status = (int)status;
    }
    enum MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return result;
}
