/* Persons loaded in one go on PostgreSQL (store_person_insert_many, for the import), in two round trips a chunk:
 * their ids taken from the table's identity as one range (one statement, whatever the number of rows), then one
 * message that opens a savepoint, loads the rows with COPY, writes the change feed's row of them all and releases the
 * savepoint. COPY cannot go in a libpq pipeline, but the statements around it can go in the same simple query as
 * it: the server runs them after the COPY's data, and skips them when the COPY fails. When a row is refused (a
 * number already taken, in the file or before it), the savepoint is rolled back and the rows go one by one, so that
 * each refused row is refused alone, as store_person_insert does; the ids taken for the COPY are then left unused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "store/persons.h"
#include "store/pg/pg.h"

/* Appends a value of COPY's text format: \N for NULL, the backslash, tab, newline and carriage return escaped. */
static void field(Buf *b, const char *text, bool last)
{
    if (!text) {
        buf_append(b, "\\N", 2);
    } else {
        for (const char *c = text; *c; c++) {
            const char *escaped = *c == '\\'   ? "\\\\"
                                  : *c == '\t' ? "\\t"
                                  : *c == '\n' ? "\\n"
                                  : *c == '\r' ? "\\r"
                                               : NULL;
            if (escaped)
                buf_append(b, escaped, 2);
            else
                buf_append(b, c, 1);
        }
    }
    buf_append(b, last ? "\n" : "\t", 1);
}

static void number(Buf *b, int64_t value, bool null_when_zero)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)value);
    field(b, null_when_zero && value == 0 ? NULL : text, false);
}

void store_pg_copy_row(Buf *b, const Person *p, int64_t user_id, int64_t now)
{
    number(b, p->id, false);
    const char *texts[] = {p->first_name,  p->father_name,   p->grandfather_name, p->family_name, p->latin_name,
                           p->national_id, p->document_type, p->document_number,  p->birth_date};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        field(b, texts[i], false);
    number(b, p->birth_year, true);
    number(b, p->birth_year_estimated ? 1 : 0, false);
    const char *more[] = {p->sex,   p->nationality, p->governorate, p->address,         p->phones,    p->disability,
                          p->notes, p->key_first,   p->key_father,  p->key_grandfather, p->key_family};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        field(b, more[i], false);
    number(b, user_id, true);
    number(b, user_id, true);
    number(b, now, false);
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)now);
    field(b, text, true);
}

/* Takes count ids of the persons' identity, one range: the sequence moved on by count at once (setval after
 * nextval, in one statement), rather than a nextval for each row. The range is the import's because every writer of
 * Takamul holds the writer lock (PG_WRITER_LOCK) while it inserts, as the import does for its whole batch; an id of
 * the range taken all the same by another program's INSERT would make the COPY refuse a duplicate key, and the rows
 * then go one by one with ids of the identity. *first is the first id of the range. */
static int take_ids(Db *db, int count, int64_t *first)
{
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT setval(pg_get_serial_sequence('persons', 'id'),"
             " nextval(pg_get_serial_sequence('persons', 'id')) + %d)",
             count - 1);
    char last[24];
    int rc = store_pg_value(db, sql, NULL, last, sizeof last);
    if (rc == TK_OK)
        *first = strtoll(last, NULL, 10) - (count - 1);
    return rc;
}

/* The TkErr of a failed result of the message: the refusal of a row (TK_ERR_EXISTS, TK_ERR_INVALID) or another. */
static int result_error(Db *db, const PGresult *result, const char *sql)
{
    int rc = store_pg_sqlstate_error(PQresultErrorField(result, PG_DIAG_SQLSTATE));
    return rc == TK_ERR_DB || rc == TK_ERR_NOMEM ? store_pg_error(db, result, sql) : rc;
}

/* Sends the savepoint, the rows with COPY and the change feed's row of the ids first to first + count - 1, and
 * releases the savepoint, in one message; TK_OK, or the TkErr of the first statement that failed (the transaction
 * then in error, the savepoint still there). */
static int copy_rows(Db *db, const Person *persons, int count, int64_t user_id, int64_t now, int64_t first)
{
    PGconn *conn = store_pg_conn(db);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SAVEPOINT tk_copy;"
             " COPY persons (id, first_name, father_name, grandfather_name, family_name, latin_name,"
             " national_id, document_type, document_number, birth_date, birth_year,"
             " birth_year_estimated, sex, nationality, governorate, address, phones, disability,"
             " notes, key_first, key_father, key_grandfather, key_family, created_by, updated_by,"
             " created_at, updated_at) FROM STDIN;"
             " INSERT INTO person_changes (person_id, last_person_id, kind, at) VALUES (%lld, %lld, 'create', %lld);"
             " RELEASE SAVEPOINT tk_copy",
             (long long)first, (long long)(first + count - 1), (long long)now);
    if (!PQsendQuery(conn, sql))
        return store_pg_error(db, NULL, sql);
    /* the savepoint's result, then the COPY's readiness for the rows */
    int rc = TK_OK;
    bool copying = false;
    PGresult *result;
    while (!copying && (result = PQgetResult(conn)) != NULL) {
        ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_COPY_IN)
            copying = true;
        else if (status != PGRES_COMMAND_OK && rc == TK_OK)
            rc = result_error(db, result, sql);
        PQclear(result);
    }
    if (copying) {
        Buf b;
        buf_init(&b, 0);
        bool sent = true;
        /* sent 8 KiB at a time (libpq's own flush size), so that the server loads the first rows while the next
         * are written rather than wait for most of the chunk */
        for (int i = 0; i < count && sent; i++) {
            store_pg_copy_row(&b, &persons[i], user_id, now);
            if (b.len >= 1u << 13 || i == count - 1) {
                sent = PQputCopyData(conn, b.data, (int)b.len) == 1;
                b.len = 0;
            }
        }
        buf_free(&b);
        if (PQputCopyEnd(conn, sent ? NULL : "the rows could not be sent") != 1 && rc == TK_OK)
            rc = store_pg_error(db, NULL, sql);
        /* the results of the COPY, the feed's INSERT and the release (none after the first that failed) */
        while ((result = PQgetResult(conn)) != NULL) {
            if (PQresultStatus(result) != PGRES_COMMAND_OK && rc == TK_OK)
                rc = result_error(db, result, sql);
            PQclear(result);
        }
    } else if (rc == TK_OK) {
        rc = store_pg_error(db, NULL, sql);
    }
    return rc;
}

int pg_person_insert_many(Db *db, Person *persons, int count, int64_t user_id, int *results)
{
    if (count <= 0)
        return TK_OK;
    int64_t now = clock_now(), first = 0;
    int rc = take_ids(db, count, &first);
    if (rc != TK_OK)
        return rc;
    for (int i = 0; i < count; i++)
        persons[i].id = first + i;
    rc = copy_rows(db, persons, count, user_id, now, first);
    if (rc == TK_OK) {
        for (int i = 0; i < count; i++) {
            results[i] = TK_OK;
            store_person_inserted(&persons[i], user_id, now);
        }
    } else if ((rc == TK_ERR_EXISTS || rc == TK_ERR_INVALID) &&
               PQtransactionStatus(store_pg_conn(db)) == PQTRANS_INERROR) {
        /* a row refused: the rows one by one, each refused or kept alone */
        rc = store_pg_exec(db, "ROLLBACK TO SAVEPOINT tk_copy; RELEASE SAVEPOINT tk_copy", NULL);
        for (int i = 0; i < count && rc == TK_OK; i++) {
            persons[i].id = 0;
            results[i] = store_person_insert(db, &persons[i], user_id);
            if (results[i] != TK_OK && results[i] != TK_ERR_EXISTS && results[i] != TK_ERR_INVALID)
                rc = results[i];
        }
    }
    return rc;
}
