/* CSV of a table (doc/table.h). */
#include <string.h>

#include "base/err.h"
#include "doc/table.h"

int doc_csv_cell(const char *text, Buf *out)
{
    if (!text)
        return TK_OK;
    bool formula = strchr("=+-@\t\r", text[0]) != NULL && text[0] != '\0';
    bool quote = formula || strpbrk(text, ",\"\r\n") != NULL;
    int rc = quote ? buf_append_str(out, "\"") : TK_OK;
    if (rc == TK_OK && formula)
        rc = buf_append_str(out, "'");
    for (const char *p = text; *p && rc == TK_OK; p++)
        rc = *p == '"' ? buf_append_str(out, "\"\"") : buf_append(out, p, 1);
    if (rc == TK_OK && quote)
        rc = buf_append_str(out, "\"");
    return rc;
}

static int write_row(const char *const *cells, int count, Buf *out)
{
    int rc = TK_OK;
    for (int i = 0; i < count && rc == TK_OK; i++) {
        if (i)
            rc = buf_append_str(out, ",");
        if (rc == TK_OK)
            rc = doc_csv_cell(cells[i], out);
    }
    return rc == TK_OK ? buf_append_str(out, "\r\n") : rc;
}

int doc_csv(const DocTable *t, Buf *out)
{
    int rc = buf_append_str(out, "\xEF\xBB\xBF");
    if (rc == TK_OK)
        rc = write_row(t->header, t->column_count, out);
    for (int r = 0; r < t->row_count && rc == TK_OK; r++)
        rc = write_row(t->cells + (size_t)r * (size_t)t->column_count, t->column_count, out);
    return rc;
}
