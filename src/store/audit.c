#include "store/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "base/err.h"
#include "base/log.h"
#include "store/audit_chain.h"
#include "store/engine.h"
#include "store/sql.h"

static uint8_t audit_key[32];

void store_set_audit_key(const uint8_t key[32])
{
    memcpy(audit_key, key, sizeof audit_key);
}

static int chain_load(Db *db, AuditChain *state)
{
    memset(state->previous, 0, sizeof state->previous);
    state->next_id = 1;
    Query last = sql_query(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    if (sql_row(&last)) {
        size_t len;
        const void *hash = sql_col_blob(&last, 1, &len);
        if (hash && len == AUDIT_HASH_SIZE)
            memcpy(state->previous, hash, AUDIT_HASH_SIZE);
        state->next_id = sql_col_int(&last, 0) + 1;
    }
    int rc = sql_done(&last);
    if (rc != TK_OK)
        return rc;
    /* An id is never given twice, even one whose row was deleted: the engine's record of the highest is
     * authoritative. */
    int64_t given;
    if ((rc = engine_audit_last_id(db, &given)) != TK_OK)
        return rc;
    if (given + 1 > state->next_id)
        state->next_id = given + 1;
    state->loaded = true;
    return TK_OK;
}

int store_audit_append_chained(Db *db, AuditRow *row, AuditChain *state)
{
    int rc = state->loaded ? TK_OK : chain_load(db, state);
    if (rc != TK_OK)
        return rc;
    int64_t next_id = state->next_id;
    uint8_t *previous = state->previous;
    struct timeval now;
    gettimeofday(&now, NULL);
    row->id = next_id;
    row->at = now.tv_sec;
    row->at_micros = now.tv_usec;
    uint8_t hash[AUDIT_HASH_SIZE];
    audit_chain_hash(audit_key, previous, row, hash);
    Query insert = sql_query(
        db, "INSERT INTO audit (id, at, at_micros, user_id, username, unit_id, action, object_type, object_id,"
            " outcome, client_addr, detail, hash) VALUES (:id, :at, :micros, :user_id, :username, :unit_id, :action,"
            " :object_type, :object_id, :outcome, :client_addr, :detail, :hash)");
    sql_bind_args(&insert, SQL_ARGS(SQL_INT(":id", row->id), SQL_INT(":at", row->at),
                                    SQL_INT(":micros", row->at_micros), SQL_ID(":user_id", row->user_id),
                                    SQL_TEXT(":username", row->username), SQL_ID(":unit_id", row->unit_id),
                                    SQL_TEXT(":action", row->action), SQL_TEXT(":object_type", row->object_type),
                                    SQL_TEXT(":object_id", row->object_id), SQL_TEXT(":outcome", row->outcome),
                                    SQL_TEXT(":client_addr", row->client_addr), SQL_TEXT(":detail", row->detail)));
    sql_blob(&insert, ":hash", hash, sizeof hash);
    rc = sql_exec(&insert);
    if (rc == TK_OK) {
        state->next_id = next_id + 1;
        memcpy(state->previous, hash, AUDIT_HASH_SIZE);
    } else {
        state->loaded = false;
    }
    return rc;
}

int store_audit_append(Db *db, AuditRow *row)
{
    AuditChain state = {.loaded = false};
    return store_audit_append_chained(db, row, &state);
}

static void read_row(Query *q, Arena *arena, AuditRow *row)
{
    sql_read_fields(q, 0, arena, row,
                    SQL_FIELDS(AuditRow, id, at, at_micros, user_id, username, unit_id, action, object_type, object_id,
                               outcome, client_addr, detail));
}

/* The filters of a list, on the log aliased a; both list statements below share them. */
#define AUDIT_FILTERS                                                                                                  \
    " AND (CAST(:before AS BIGINT) IS NULL OR a.id < :before)"                                                         \
    " AND (CAST(:user_id AS BIGINT) IS NULL OR a.user_id = :user_id)"                                                  \
    " AND (CAST(:username AS TEXT) IS NULL OR a.username = :username COLLATE NOCASE)"                                  \
    " AND (CAST(:action AS TEXT) IS NULL OR a.action = :action)"                                                       \
    " AND (CAST(:object_type AS TEXT) IS NULL OR a.object_type = :object_type)"                                        \
    " AND (CAST(:object_id AS TEXT) IS NULL OR a.object_id = :object_id)"                                              \
    " AND (CAST(:outcome AS TEXT) IS NULL OR a.outcome = :outcome)"                                                    \
    " AND (CAST(:from AS BIGINT) IS NULL OR a.at >= :from)"                                                            \
    " AND (CAST(:to AS BIGINT) IS NULL OR a.at <= :to)"
#define AUDIT_COLUMNS                                                                                                  \
    "SELECT a.id, a.at, a.at_micros, a.user_id, a.username, a.unit_id, a.action, a.object_type, a.object_id,"          \
    " a.outcome, a.client_addr, a.detail"

static void bind_filters(Query *q, const AuditFilter *filter)
{
    sql_bind_args(q, SQL_ARGS(SQL_ID(":before", filter->before_id), SQL_ID(":user_id", filter->user_id),
                              SQL_TEXT(":username", filter->username), SQL_TEXT(":action", filter->action),
                              SQL_TEXT(":object_type", filter->object_type), SQL_TEXT(":object_id", filter->object_id),
                              SQL_TEXT(":outcome", filter->outcome), SQL_ID(":from", filter->from),
                              SQL_ID(":to", filter->to)));
}

/* Reads matching rows into rows[*count ...] up to wanted; false when the query failed (rc set). */
static bool collect(Query *q, Arena *arena, AuditRow *rows, int *count, int wanted, int *rc)
{
    while (*count < wanted && sql_row(q))
        read_row(q, arena, &rows[(*count)++]);
    *rc = sql_done(q);
    return *rc == TK_OK;
}

static int audit_filed_upto(Db *db, int64_t *upto)
{
    *upto = 0;
    Query q = sql_query(db, "SELECT upto FROM audit_filed WHERE id = 1");
    if (sql_row(&q))
        *upto = sql_col_int(&q, 0);
    return sql_done(&q);
}

/* A list by record: the rows not filed yet from the log itself (newest), then the record's index entries bucket by
 * bucket, newest first, all in one read transaction so a batch filed meanwhile is neither missed nor seen twice. */
static int list_by_object(Db *db, const AuditFilter *filter, Arena *arena, AuditRow *rows, int *count, int wanted)
{
    int64_t upto;
    int rc = audit_filed_upto(db, &upto);
    if (rc != TK_OK)
        return rc;
    Query tail = sql_query(db, AUDIT_COLUMNS " FROM audit a WHERE a.id > :upto" AUDIT_FILTERS
                                             " ORDER BY a.id DESC LIMIT :limit");
    sql_int(&tail, ":upto", upto);
    bind_filters(&tail, filter);
    sql_int(&tail, ":limit", wanted);
    if (!collect(&tail, arena, rows, count, wanted, &rc))
        return rc;
    int64_t newest = filter->before_id && filter->before_id - 1 < upto ? filter->before_id - 1 : upto;
    for (int64_t bucket = newest >> 16; bucket >= 0 && newest > 0 && *count < wanted; bucket--) {
        Query filed = sql_query(db, AUDIT_COLUMNS " FROM audit_objects o JOIN audit a ON a.id = o.audit_id"
                                                  " WHERE o.bucket = :bucket AND o.object_type = :object_type"
                                                  " AND o.object_id = :object_id AND o.audit_id <= :upto" AUDIT_FILTERS
                                                  " ORDER BY o.audit_id DESC LIMIT :limit");
        sql_bind_args(&filed, SQL_ARGS(SQL_INT(":bucket", bucket), SQL_INT(":upto", upto)));
        bind_filters(&filed, filter);
        sql_int(&filed, ":limit", wanted - *count);
        if (!collect(&filed, arena, rows, count, wanted, &rc))
            return rc;
    }
    return TK_OK;
}

int store_audit_list(Db *db, const AuditFilter *filter, Arena *arena, AuditRow **rows, int *count, int64_t *next_cursor)
{
    int limit = sql_page_limit(filter->limit, 500);
    *rows = arena_calloc(arena, (size_t)limit + 1, sizeof(AuditRow));
    *count = 0;
    *next_cursor = 0;
    if (!*rows)
        return TK_ERR_NOMEM;
    int rc;
    if (filter->object_type && filter->object_id) {
        if ((rc = store_read_begin(db)) != TK_OK)
            return rc;
        rc = list_by_object(db, filter, arena, *rows, count, limit + 1);
        store_read_end(db);
    } else {
        Query q = sql_query(db,
                            AUDIT_COLUMNS " FROM audit a WHERE 1 = 1" AUDIT_FILTERS " ORDER BY a.id DESC LIMIT :limit");
        bind_filters(&q, filter);
        sql_int(&q, ":limit", limit + 1);
        collect(&q, arena, *rows, count, limit + 1, &rc);
    }
    if (rc == TK_OK && *count > limit) {
        *count = limit;
        *next_cursor = (*rows)[limit - 1].id;
    }
    return rc;
}

/* Files up to max_rows rows after audit_filed.upto into the index by record, inside the caller's transaction.
 * *remaining: rows still unfiled after this batch. */
int store_audit_file_batch(Db *db, int64_t max_rows, int64_t *remaining)
{
    int64_t upto, newest = 0;
    int rc = audit_filed_upto(db, &upto);
    if (rc != TK_OK)
        return rc;
    Query last = sql_query(db, "SELECT coalesce(max(id), 0) FROM audit");
    if (sql_row(&last))
        newest = sql_col_int(&last, 0);
    if ((rc = sql_done(&last)) != TK_OK)
        return rc;
    int64_t to = newest - upto > max_rows ? upto + max_rows : newest;
    *remaining = newest - to;
    if (to <= upto)
        return TK_OK;
    Query insert = sql_query(db, "INSERT INTO audit_objects SELECT id >> 16, object_type, object_id, id FROM audit"
                                 " WHERE id > :upto AND id <= :to AND object_type IS NOT NULL AND object_id IS NOT NULL"
                                 " ORDER BY 1, 2, 3, 4");
    sql_bind_args(&insert, SQL_ARGS(SQL_INT(":upto", upto), SQL_INT(":to", to)));
    if ((rc = sql_exec(&insert)) != TK_OK)
        return rc;
    return sql_run(db, "UPDATE audit_filed SET upto = :to WHERE id = 1", SQL_ARGS(SQL_INT(":to", to)));
}

int store_audit_file(Db *db, int max_rows, int64_t *remaining)
{
    int rc = store_begin(db);
    if (rc != TK_OK)
        return rc;
    if ((rc = store_audit_file_batch(db, max_rows, remaining)) == TK_OK)
        return store_commit(db);
    store_rollback(db);
    return rc;
}

int store_audit_reindex(Db *db, int64_t *filed)
{
    int rc = store_begin(db);
    if (rc != TK_OK)
        return rc;
    Query clear = sql_query(db, "DELETE FROM audit_objects");
    Query reset = sql_query(db, "UPDATE audit_filed SET upto = 0 WHERE id = 1");
    int64_t remaining = 0;
    if ((rc = sql_exec(&clear)) == TK_OK && (rc = sql_exec(&reset)) == TK_OK &&
        (rc = store_audit_file_batch(db, INT64_MAX, &remaining)) == TK_OK &&
        (rc = audit_filed_upto(db, filed)) == TK_OK)
        return store_commit(db);
    store_rollback(db);
    return rc;
}

/* Reports problem for each audit row (its id in the first column) that q finds up to the row upto, counting them in
 * problems. */
static int report_rows(Query *q, int64_t upto, const char *problem, AuditProblem report, void *context, int *problems)
{
    sql_int(q, ":upto", upto);
    while (sql_row(q)) {
        report(context, sql_col_int(q, 0), problem);
        (*problems)++;
    }
    return sql_done(q);
}

/* The index by record is derived from the log: every filed row must be in it under its own record, and nothing else.
 * A row missing would hide an access from a search by record; at most a few of each kind are reported. */
static int verify_index(Db *db, AuditProblem report, void *context, int *problems)
{
    /* a database not yet migrated to schema 6 (takamul check runs before migrating) has no index to check */
    if (store_schema_version(db) < 6)
        return TK_OK;
    int64_t upto;
    int rc;
    if ((rc = audit_filed_upto(db, &upto)) != TK_OK)
        return rc;
    Query missing = sql_query(
        db, "SELECT a.id FROM audit a WHERE a.id <= :upto AND a.object_type IS NOT NULL AND a.object_id IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM audit_objects o WHERE o.bucket = a.id >> 16"
            " AND o.object_type = a.object_type AND o.object_id = a.object_id AND o.audit_id = a.id) LIMIT 10");
    rc = report_rows(&missing, upto,
                     "missing from the index by record: a search by record would not show it (takamul audit reindex)",
                     report, context, problems);
    if (rc != TK_OK)
        return rc;
    Query stray = sql_query(
        db, "SELECT o.audit_id FROM audit_objects o LEFT JOIN audit a ON a.id = o.audit_id"
            " WHERE a.id IS NULL OR o.audit_id > :upto OR o.bucket != o.audit_id >> 16"
            " OR a.object_type IS DISTINCT FROM o.object_type OR a.object_id IS DISTINCT FROM o.object_id LIMIT 10");
    return report_rows(&stray, upto,
                       "the index by record names this row under another record, or a row not in the log "
                       "(takamul audit reindex)",
                       report, context, problems);
}

static int verify_chain(Db *db, const uint8_t key[32], int64_t expected_id, const uint8_t *expected_hash,
                        AuditProblem report, void *context, int64_t *rows_checked);

/* The chain, the highest id given and the index by record, all read in one snapshot: a server writing and filing
 * meanwhile adds nothing this sees, so its new rows are neither "missing at the end" nor "not in the log". */
int store_audit_verify(Db *db, const uint8_t key[32], int64_t expected_id, const uint8_t *expected_hash,
                       AuditProblem report, void *context, int64_t *rows_checked)
{
    *rows_checked = 0;
    int rc = store_read_begin(db);
    if (rc != TK_OK)
        return rc;
    rc = verify_chain(db, key, expected_id, expected_hash, report, context, rows_checked);
    store_read_end(db);
    return rc;
}

static int verify_chain(Db *db, const uint8_t key[32], int64_t expected_id, const uint8_t *expected_hash,
                        AuditProblem report, void *context, int64_t *rows_checked)
{
    bool expected_seen = false;
    uint8_t previous[AUDIT_HASH_SIZE] = {0};
    int64_t previous_id = 0;
    int problems = 0;
    *rows_checked = 0;
    Arena arena;
    arena_init(&arena, 0);
    char message[160];
    Query q = sql_query(db,
                        "SELECT id, at, at_micros, user_id, username, unit_id, action, object_type, object_id, outcome,"
                        " client_addr, detail, hash FROM audit ORDER BY id");
    while (sql_row(&q)) {
        AuditRow row;
        read_row(&q, &arena, &row);
        size_t len;
        const void *stored = sql_col_blob(&q, 12, &len);
        uint8_t expected[AUDIT_HASH_SIZE];
        audit_chain_hash(key, previous, &row, expected);
        if (row.id != previous_id + 1) {
            snprintf(message, sizeof message,
                     "rows %lld to %lld are missing (deleted); this row follows them, so its own contents cannot "
                     "be verified",
                     (long long)previous_id + 1, (long long)row.id - 1);
            report(context, row.id, message);
            problems++;
        } else if (!stored || len != AUDIT_HASH_SIZE || sodium_memcmp(stored, expected, AUDIT_HASH_SIZE) != 0) {
            report(context, row.id, "hash does not match: the row was edited, or rows were reordered");
            problems++;
        }
        if (expected_id && row.id == expected_id) {
            expected_seen = true;
            if (!stored || len != AUDIT_HASH_SIZE || sodium_memcmp(stored, expected_hash, AUDIT_HASH_SIZE) != 0) {
                report(context, row.id, "differs from the head recorded earlier: the log was rewritten from here");
                problems++;
            }
        }
        if (stored && len == AUDIT_HASH_SIZE)
            memcpy(previous, stored, AUDIT_HASH_SIZE);
        previous_id = row.id;
        (*rows_checked)++;
        arena_free(&arena);
    }
    int rc = sql_done(&q);
    if (rc == TK_OK) {
        int64_t given;
        rc = engine_audit_last_id(db, &given);
        if (rc == TK_OK && given > previous_id) {
            snprintf(message, sizeof message, "rows %lld to %lld at the end are missing (deleted)",
                     (long long)previous_id + 1, (long long)given);
            report(context, previous_id + 1, message);
            problems++;
        }
    }
    if (rc == TK_OK)
        rc = verify_index(db, report, context, &problems);
    if (rc == TK_OK && expected_id && !expected_seen) {
        report(context, expected_id,
               "the head recorded earlier is not in the log: newest rows were deleted or an older copy restored");
        problems++;
    }
    arena_free(&arena);
    if (rc != TK_OK)
        return rc;
    return problems ? TK_ERR_INVALID : TK_OK;
}

int store_audit_head(Db *db, int64_t *id, uint8_t hash[AUDIT_HASH_SIZE])
{
    *id = 0;
    memset(hash, 0, AUDIT_HASH_SIZE);
    Query q = sql_query(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    if (sql_row(&q)) {
        size_t len;
        const void *stored = sql_col_blob(&q, 1, &len);
        *id = sql_col_int(&q, 0);
        if (stored && len == AUDIT_HASH_SIZE)
            memcpy(hash, stored, AUDIT_HASH_SIZE);
    }
    return sql_done(&q);
}
