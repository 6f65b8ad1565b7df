/* Persons loaded in one go on PostgreSQL (store_person_insert_many, for the import): their ids taken from the
 * table's identity in one query, the rows sent with COPY inside a savepoint. When a row is refused (a number already
 * taken, in the file or before it), the savepoint is rolled back and the rows go one by one, so that each refused row
 * is refused alone, as store_person_insert does; the ids taken for the COPY are then left unused. */
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

static void row(Buf *b, const Person *p, int64_t user_id, int64_t now)
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

/* Takes count ids of the persons' identity into ids. */
static int take_ids(Db *db, int count, int64_t *ids)
{
    char sql[128];
    snprintf(sql, sizeof sql,
             "SELECT nextval(pg_get_serial_sequence('persons', 'id')) FROM generate_series(1, %d) ORDER BY 1", count);
    PGresult *result = PQexec(store_pg_conn(db), sql);
    int rc = TK_OK;
    if (!result || PQresultStatus(result) != PGRES_TUPLES_OK || PQntuples(result) != count)
        rc = store_pg_error(db, result, sql);
    else
        for (int i = 0; i < count; i++)
            ids[i] = strtoll(PQgetvalue(result, i, 0), NULL, 10);
    PQclear(result);
    return rc;
}

/* Sends the rows with COPY; TK_OK, or the TkErr of the refusal (the transaction then in error). */
static int copy_rows(Db *db, const Person *persons, int count, int64_t user_id, int64_t now)
{
    PGconn *conn = store_pg_conn(db);
    static const char sql[] = "COPY persons (id, first_name, father_name, grandfather_name, family_name, latin_name,"
                              " national_id, document_type, document_number, birth_date, birth_year,"
                              " birth_year_estimated, sex, nationality, governorate, address, phones, disability,"
                              " notes, key_first, key_father, key_grandfather, key_family, created_by, updated_by,"
                              " created_at, updated_at) FROM STDIN";
    PGresult *result = PQexec(conn, sql);
    if (!result || PQresultStatus(result) != PGRES_COPY_IN) {
        int rc = store_pg_error(db, result, sql);
        PQclear(result);
        return rc;
    }
    PQclear(result);
    Buf b;
    buf_init(&b, 0);
    bool sent = true;
    for (int i = 0; i < count && sent; i++) {
        row(&b, &persons[i], user_id, now);
        if (b.len >= 1u << 16 || i == count - 1) {
            sent = PQputCopyData(conn, b.data, (int)b.len) == 1;
            b.len = 0;
        }
    }
    buf_free(&b);
    int rc = TK_OK;
    if (PQputCopyEnd(conn, sent ? NULL : "the rows could not be sent") != 1)
        rc = store_pg_error(db, NULL, sql);
    while ((result = PQgetResult(conn)) != NULL) {
        if (rc == TK_OK && PQresultStatus(result) != PGRES_COMMAND_OK) {
            const char *state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
            rc = store_pg_sqlstate_error(state);
            if (rc == TK_ERR_DB)
                rc = store_pg_error(db, result, sql);
        }
        PQclear(result);
    }
    return rc;
}

int pg_person_insert_many(Db *db, Person *persons, int count, int64_t user_id, int *results)
{
    if (count <= 0)
        return TK_OK;
    int64_t *ids = malloc(sizeof *ids * (size_t)count);
    if (!ids)
        return TK_ERR_NOMEM;
    int64_t now = clock_now();
    int rc = take_ids(db, count, ids);
    if (rc == TK_OK) {
        for (int i = 0; i < count; i++)
            persons[i].id = ids[i];
        rc = store_pg_exec(db, "SAVEPOINT tk_copy", NULL);
    }
    if (rc == TK_OK) {
        rc = copy_rows(db, persons, count, user_id, now);
        if (rc == TK_OK) {
            rc = store_pg_exec(db, "RELEASE SAVEPOINT tk_copy", NULL);
            if (rc == TK_OK)
                rc = store_person_changes_created(db, ids[0], ids[count - 1], now);
            for (int i = 0; i < count && rc == TK_OK; i++) {
                results[i] = TK_OK;
                store_person_inserted(&persons[i], user_id, now);
            }
        } else if (rc == TK_ERR_EXISTS || rc == TK_ERR_INVALID) {
            /* a row refused: the rows one by one, each refused or kept alone */
            rc = store_pg_exec(db, "ROLLBACK TO SAVEPOINT tk_copy; RELEASE SAVEPOINT tk_copy", NULL);
            for (int i = 0; i < count && rc == TK_OK; i++) {
                persons[i].id = 0;
                results[i] = store_person_insert(db, &persons[i], user_id);
                if (results[i] != TK_OK && results[i] != TK_ERR_EXISTS && results[i] != TK_ERR_INVALID)
                    rc = results[i];
            }
        }
    }
    free(ids);
    return rc;
}
