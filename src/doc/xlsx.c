/* XLSX of tables (doc/table.h) with libxlsxwriter: written to a temporary file, which is read back and removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "base/err.h"
#include "doc/table.h"

/* A whole number of at most 15 digits, which a spreadsheet keeps exactly. */
static bool whole_number(const char *text, double *value)
{
    size_t len = text ? strlen(text) : 0;
    if (len == 0 || len > 15 || strspn(text, "0123456789") != len || (len > 1 && text[0] == '0'))
        return false;
    *value = strtod(text, NULL);
    return true;
}

static lxw_error write_sheet(lxw_workbook *book, const DocTable *t, bool rtl, lxw_format *bold)
{
    lxw_worksheet *sheet = workbook_add_worksheet(book, t->name);
    if (!sheet)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (rtl)
        worksheet_right_to_left(sheet);
    lxw_error rc = LXW_NO_ERROR;
    for (int c = 0; c < t->column_count && rc == LXW_NO_ERROR; c++) {
        rc = worksheet_write_string(sheet, 0, (lxw_col_t)c, t->header[c] ? t->header[c] : "", bold);
        worksheet_set_column(sheet, (lxw_col_t)c, (lxw_col_t)c, c == 0 ? 36 : 16, NULL);
    }
    for (int r = 0; r < t->row_count && rc == LXW_NO_ERROR; r++)
        for (int c = 0; c < t->column_count && rc == LXW_NO_ERROR; c++) {
            const char *text = t->cells[(size_t)r * (size_t)t->column_count + (size_t)c];
            double number;
            if (!text || !*text)
                continue;
            /* a string cell is never a formula in XLSX: no lead to neutralise */
            rc = whole_number(text, &number)
                     ? worksheet_write_number(sheet, (lxw_row_t)(r + 1), (lxw_col_t)c, number, NULL)
                     : worksheet_write_string(sheet, (lxw_row_t)(r + 1), (lxw_col_t)c, text, NULL);
        }
    return rc;
}

int doc_xlsx(const DocTable *sheets, int sheet_count, bool rtl, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/takamul-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return TK_ERR_INTERNAL;
    close(fd);
    lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = dir && *dir ? (char *)dir : NULL};
    lxw_workbook *book = workbook_new_opt(path, &options);
    int rc = book ? TK_OK : TK_ERR_NOMEM;
    lxw_format *bold = book ? workbook_add_format(book) : NULL;
    if (bold)
        format_set_bold(bold);
    for (int i = 0; i < sheet_count && rc == TK_OK; i++)
        if (write_sheet(book, &sheets[i], rtl, bold) != LXW_NO_ERROR)
            rc = TK_ERR_INTERNAL;
    if (book && workbook_close(book) != LXW_NO_ERROR && rc == TK_OK)
        rc = TK_ERR_INTERNAL;
    if (rc == TK_OK) {
        Buf buf;
        buf_init(&buf, 64 * 1024 * 1024);
        rc = buf_read_file(&buf, path) == TK_OK ? TK_OK : TK_ERR_INTERNAL;
        if (rc == TK_OK)
            *data = buf_detach(&buf, len);
        else
            buf_free(&buf);
        if (rc == TK_OK && !*data)
            rc = TK_ERR_NOMEM;
    }
    unlink(path);
    return rc;
}
