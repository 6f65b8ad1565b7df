#include "domain/core/validate.h"
#include "base/clock.h"

#include <string.h>

#include "base/err.h"
#include "text/utf8.h"

int validate_code(Ctx *ctx, const CodeList *list, const char *code, const char *field)
{
    if (!code)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", field);
    return codes_find(list, code) ? TK_OK : fault_field(ctx->fault, TK_ERR_INVALID, "field.code", field);
}

int validate_query(Ctx *ctx, const QueryParam *params, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const QueryParam *p = &params[i];
        if (p->value && !(p->codes ? codes_find(p->codes, p->value) != NULL : p->valid(p->value)))
            return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", p->name);
    }
    return TK_OK;
}

int validate_required_text(Ctx *ctx, const char *text, size_t max, bool newlines, const char *field)
{
    if (!text || !*text)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", field);
    return validate_text(ctx, text, max, newlines, field);
}

int validate_visible(Ctx *ctx, const char *text, const char *field)
{
    /* drawn as nothing, they hide letters from a reader and split a word for the program: only those Arabic and
     * mixed-direction text use are kept (text_invisible_has_use) */
    if (text && text_has_stray_invisible(text, strlen(text)))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.invisible", field);
    return TK_OK;
}

int validate_text(Ctx *ctx, const char *text, size_t max, bool newlines, const char *field)
{
    if (!text)
        return TK_OK;
    size_t len = strlen(text);
    if (text_utf8_length(text, len) > max)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.too_long", field);
    if (text_has_control(text, len, newlines))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", field);
    /* marks piled on one letter read as nothing and cost the PDF's layout dearly */
    if (text_longest_mark_run(text, len) > VALIDATE_MAX_MARKS)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.marks", field);
    return validate_visible(ctx, text, field);
}

bool validate_is_date(const char *text)
{
    int64_t seconds;
    return text && strlen(text) == 10 && clock_parse_iso(text, &seconds);
}
