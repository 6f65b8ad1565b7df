#include "text/csv.h"

#include <stdlib.h>
#include <string.h>

void csv_init(CsvReader *reader, const char *data, size_t len)
{
    memset(reader, 0, sizeof *reader);
    reader->data = data;
    reader->len = len;
    reader->line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        reader->pos = 3;
}

void csv_free(CsvReader *reader)
{
    free(reader->scratch);
    reader->scratch = NULL;
    reader->scratch_cap = 0;
}

int csv_next(CsvReader *reader, char **fields, int max, int *line)
{
    if (reader->pos >= reader->len)
        return 0;
    /* A record's unquoted text is never longer than its raw text: size the scratch for the rest of the data
     * up to the next line end, and grow it when a quoted field runs across lines. */
    size_t need = reader->len - reader->pos + 1;
    const char *eol = memchr(reader->data + reader->pos, '\n', reader->len - reader->pos);
    if (eol)
        need = (size_t)(eol - (reader->data + reader->pos)) + 2;
    if (need > reader->scratch_cap) {
        size_t cap = need > 4096 ? need : 4096;
        char *grown = realloc(reader->scratch, cap);
        if (!grown)
            return -1;
        reader->scratch = grown;
        reader->scratch_cap = cap;
    }
    *line = reader->line;
    int count = 0;
    size_t out = 0, start = 0;
    const char *d = reader->data;
    size_t pos = reader->pos, len = reader->len;
    for (;;) {
        /* one field */
        if (pos < len && d[pos] == '"') {
            pos++;
            for (;;) {
                if (pos >= len)
                    return -1; /* a quote left open */
                if (d[pos] == '"') {
                    if (pos + 1 < len && d[pos + 1] == '"') {
                        pos += 2;
                    } else {
                        pos++;
                        break;
                    }
                    if (out + 1 >= reader->scratch_cap)
                        goto grow;
                    reader->scratch[out++] = '"';
                    continue;
                }
                if (d[pos] == '\n')
                    reader->line++;
                if (out + 1 >= reader->scratch_cap)
                    goto grow;
                reader->scratch[out++] = d[pos++];
            }
            /* text after the closing quote up to the separator is kept as written */
        }
        while (pos < len && d[pos] != ',' && d[pos] != '\n') {
            if (d[pos] == '\r' && (pos + 1 == len || d[pos + 1] == '\n')) {
                pos++;
                continue;
            }
            if (out + 1 >= reader->scratch_cap)
                goto grow;
            reader->scratch[out++] = d[pos++];
        }
        reader->scratch[out++] = '\0';
        if (count < max)
            fields[count] = reader->scratch + start;
        count++;
        start = out;
        if (pos < len && d[pos] == ',') {
            pos++;
            continue;
        }
        if (pos < len && d[pos] == '\n')
            pos++;
        reader->line++;
        break;
    }
    reader->pos = pos;
    return count;
grow : {
    /* a quoted field ran across lines: make room for everything left and read the record again */
    size_t cap = reader->len - reader->pos + 2;
    char *grown = realloc(reader->scratch, cap);
    if (!grown || cap <= reader->scratch_cap)
        return -1;
    reader->scratch = grown;
    reader->scratch_cap = cap;
    reader->line = *line;
    return csv_next(reader, fields, max, line);
}
}
