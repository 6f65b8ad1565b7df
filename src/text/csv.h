/* Reading CSV (RFC 4180): fields separated by commas, quoted with double quotes (a doubled quote inside), records
 * ended by LF or CRLF; a UTF-8 byte-order mark at the start is skipped. */
#ifndef TAKAMUL_TEXT_CSV_H
#define TAKAMUL_TEXT_CSV_H

#include <stddef.h>

typedef struct {
    const char *data;
    size_t len;
    size_t pos;
    int line;      /* the line the next record starts on, from 1 */
    char *scratch; /* unquoted field text of the current record */
    size_t scratch_cap;
} CsvReader;

void csv_init(CsvReader *reader, const char *data, size_t len);
void csv_free(CsvReader *reader);
/* Reads the next record: fields[i] point into the reader's scratch (valid until the next call).
 * Returns the number of fields (more than max are counted but not stored), 0 at the end of the data, or -1 for a
 * quote left open; *line is the record's first line. */
int csv_next(CsvReader *reader, char **fields, int max, int *line);

#endif
