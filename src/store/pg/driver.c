/* The PostgreSQL driver of the seam (store/driver.h), on libpq. A statement's :name parameters are rewritten once at
 * prepare as $1, $2, … (sql_placeholders_named) and the statement is prepared on the server under a name of its own
 * (PQprepare); the first step executes it and fetches its rows, the next steps walk them. Values go as text (integers
 * written out) and blobs as binary; results come back as text: integer columns are parsed, bytea decoded from hex.
 * A writing transaction takes the writer lock (an advisory lock) at its start and runs READ COMMITTED; a reading one
 * is a REPEATABLE READ snapshot; a write outside a transaction runs in one of its own with the writer lock, as
 * SQLite's single writer would have it (docs/store.md). A connection lost between requests is reset before the next
 * one, never inside a transaction (conn.c: the connection's life, its errors and its plain SQL). */
#define _GNU_SOURCE /* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/err.h"
#include "base/log.h"
#include "store/pg/conn.h"
#include "store/pg/pg.h"

typedef struct {
    Db *db;
    char *sql;  /* as the store wrote it, for messages */
    char *text; /* with $n placeholders */
    char name[24];
    unsigned generation; /* of the connection it was prepared on; 0: not yet */
    bool read_only;
    bool generic; /* marked SQL_GENERIC_PLAN */
    int count;    /* parameters */
    const char **names;
    size_t *name_lengths;
    const char **values;
    int *lengths;
    int *formats;
    char (*numbers)[24];
    PGresult *result;
    int rows, row;
    bool started;
    unsigned char **decoded; /* bytea columns of the current row, decoded on demand */
    size_t *decoded_lengths;
    int decoded_count;
} PgStmt;

#define STMT(s) ((PgStmt *)(void *)(s))

bool store_pg_read_only(const char *sql)
{
    if (strncmp(sql, SQL_GENERIC_PLAN, strlen(SQL_GENERIC_PLAN)) == 0)
        sql += strlen(SQL_GENERIC_PLAN);
    while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
        sql++;
    bool select = strncasecmp(sql, "SELECT", 6) == 0, with = strncasecmp(sql, "WITH", 4) == 0;
    if (!select && !with)
        return false;
    if (strcasestr(sql, " FOR UPDATE") || strcasestr(sql, " FOR SHARE") || strcasestr(sql, " FOR NO KEY"))
        return false;
    if (with && (strcasestr(sql, "INSERT ") || strcasestr(sql, "UPDATE ") || strcasestr(sql, "DELETE ")))
        return false;
    return true;
}

long store_pg_bytea_decode(const char *text, unsigned char *out)
{
    size_t len = strlen(text);
    if (len >= 2 && text[0] == '\\' && text[1] == 'x') {
        if (len % 2)
            return -1;
        long n = 0;
        for (size_t i = 2; i < len; i += 2) {
            int value = 0;
            for (int k = 0; k < 2; k++) {
                char c = text[i + (size_t)k];
                int digit = c >= '0' && c <= '9'   ? c - '0'
                            : c >= 'a' && c <= 'f' ? c - 'a' + 10
                            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                   : -1;
                if (digit < 0)
                    return -1;
                value = value * 16 + digit;
            }
            out[n++] = (unsigned char)value;
        }
        return n;
    }
    /* the escape format (bytea_output = escape): \\ for a backslash, \ooo for other bytes */
    long n = 0;
    for (size_t i = 0; i < len;) {
        if (text[i] != '\\') {
            out[n++] = (unsigned char)text[i++];
        } else if (text[i + 1] == '\\') {
            out[n++] = '\\';
            i += 2;
        } else if (i + 3 < len + 1 && text[i + 1] >= '0' && text[i + 1] <= '3' && text[i + 2] >= '0' &&
                   text[i + 2] <= '7' && text[i + 3] >= '0' && text[i + 3] <= '7') {
            out[n++] = (unsigned char)((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0'));
            i += 4;
        } else {
            return -1;
        }
    }
    return n;
}

static void free_decoded(PgStmt *s)
{
    for (int i = 0; i < s->decoded_count; i++)
        free(s->decoded[i]);
    free(s->decoded);
    free(s->decoded_lengths);
    s->decoded = NULL;
    s->decoded_lengths = NULL;
    s->decoded_count = 0;
}

static void free_stmt(PgStmt *s)
{
    if (!s)
        return;
    PQclear(s->result);
    free_decoded(s);
    free(s->sql);
    free(s->text);
    free(s->names);
    free(s->name_lengths);
    free(s->values);
    free(s->lengths);
    free(s->formats);
    free(s->numbers);
    free(s);
}

/* Prepares the statement on the connection's server (again after a reset). */
static int prepare_on_server(PgStmt *s)
{
    PgConn *pc = CONN(s->db);
    if (s->generation == pc->generation)
        return TK_OK;
    snprintf(s->name, sizeof s->name, "t%u", ++pc->next_name);
    PGresult *result = PQprepare(pc->conn, s->name, s->text, s->count, NULL);
    int rc = TK_OK;
    if (!result || PQresultStatus(result) != PGRES_COMMAND_OK) {
        rc = store_pg_error(s->db, result, s->sql);
        if (rc != TK_ERR_DB)
            log_error("prepare failed: %s in: %.120s", pc->error, s->sql);
        rc = rc == TK_ERR_NOMEM ? rc : TK_ERR_DB;
    } else {
        s->generation = pc->generation;
    }
    PQclear(result);
    return rc;
}

static int prepare(Db *db, const char *sql, SqlStmt **stmt)
{
    enum { MAX_NAMES = 128 };
    PgStmt *s = calloc(1, sizeof *s);
    size_t size = strlen(sql) * 2 + 64;
    const char *names[MAX_NAMES];
    size_t lengths[MAX_NAMES];
    if (!s || !(s->sql = strdup(sql)) || !(s->text = malloc(size))) {
        free_stmt(s);
        return TK_ERR_NOMEM;
    }
    s->db = db;
    int count = sql_placeholders_named(s->sql, s->text, size, names, lengths, MAX_NAMES);
    if (count < 0) {
        log_error("too many parameters in: %.120s", sql);
        free_stmt(s);
        return TK_ERR_DB;
    }
    s->count = count;
    size_t slots = count ? (size_t)count : 1;
    s->names = calloc(slots, sizeof *s->names);
    s->name_lengths = calloc(slots, sizeof *s->name_lengths);
    s->values = calloc(slots, sizeof *s->values);
    s->lengths = calloc(slots, sizeof *s->lengths);
    s->formats = calloc(slots, sizeof *s->formats);
    s->numbers = calloc(slots, sizeof *s->numbers);
    if (!s->names || !s->name_lengths || !s->values || !s->lengths || !s->formats || !s->numbers) {
        free_stmt(s);
        return TK_ERR_NOMEM;
    }
    memcpy(s->names, names, sizeof *names * (size_t)count);
    memcpy(s->name_lengths, lengths, sizeof *lengths * (size_t)count);
    s->read_only = store_pg_read_only(sql);
    s->generic = strncmp(sql, SQL_GENERIC_PLAN, strlen(SQL_GENERIC_PLAN)) == 0;
    /* prepared on the server at its first run (prepare_on_server), where a connection found lost is made again */
    *stmt = (SqlStmt *)(void *)s;
    return TK_OK;
}

/* The server's prepared statement is left to the end of the connection: the cache evicts none in practice (it is
 * sized above the program's statements), and a DEALLOCATE per statement would slow every close. */
static void finalize(SqlStmt *stmt)
{
    free_stmt(STMT(stmt));
}

static int param_index(SqlStmt *stmt, const char *name)
{
    PgStmt *s = STMT(stmt);
    size_t len = strlen(name);
    for (int i = 0; i < s->count; i++)
        if (s->name_lengths[i] == len && memcmp(s->names[i], name, len) == 0)
            return i + 1;
    return 0;
}

/* Sets parameter index (from 1) to value, of length bytes in format 1 (binary), or text (format 0, length 0). */
static int put_param(PgStmt *s, int index, const char *value, int length, int format)
{
    if (index < 1 || index > s->count)
        return TK_ERR_DB;
    s->values[index - 1] = value;
    s->lengths[index - 1] = length;
    s->formats[index - 1] = format;
    return TK_OK;
}

static int bind_int(SqlStmt *stmt, int index, int64_t value)
{
    PgStmt *s = STMT(stmt);
    if (index < 1 || index > s->count)
        return TK_ERR_DB;
    snprintf(s->numbers[index - 1], sizeof s->numbers[0], "%lld", (long long)value);
    return put_param(s, index, s->numbers[index - 1], 0, 0);
}

static int bind_text(SqlStmt *stmt, int index, const char *value)
{
    return put_param(STMT(stmt), index, value, 0, 0);
}

static int bind_blob(SqlStmt *stmt, int index, const void *data, size_t len)
{
    if (len > 0x7fffffff)
        return TK_ERR_DB;
    return put_param(STMT(stmt), index, data ? data : "", (int)len, 1);
}

static int bind_null(SqlStmt *stmt, int index)
{
    return put_param(STMT(stmt), index, NULL, 0, 0);
}

static bool in_transaction(Db *db)
{
    if (CONN(db)->begin_pending)
        return true;
    PGTransactionStatusType status = PQtransactionStatus(CONN(db)->conn);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

static void reconnect_if_lost(Db *db)
{
    if (PQstatus(CONN(db)->conn) == CONNECTION_BAD && !in_transaction(db))
        pg_reconnect(db);
}

/* Runs the statement after the commands before (befores of them) and before the command after (when not NULL), all
 * sent together in one round trip (a pipeline), *failed set when one of the commands fails. Three uses:
 * - a write inside a transaction, between a savepoint and its release: a write that fails (a unique clash the store
 *   answers by going on) is undone alone and the transaction goes on, as a failed statement of SQLite is;
 *   PostgreSQL would otherwise fail the whole transaction;
 * - a statement marked SQL_GENERIC_PLAN, between setting plan_cache_mode to force_generic_plan and resetting it:
 *   PostgreSQL plans it once for the connection rather than at each run (its own choice, since the viewer's
 *   parameters fold away in a custom plan only). Were the statement to fail, the SET is undone with the
 *   transaction it failed in, as a SET is;
 * - the first statement of a read transaction, after its BEGIN (begin_pending): a read costs no round trip of its
 *   own for the BEGIN. PostgreSQL takes a REPEATABLE READ transaction's snapshot at its first statement, not at
 *   BEGIN, so the snapshot is the one it would have been.
 * The result of the statement, or NULL with the connection's error. */
static PGresult *execute_between(PgStmt *s, const char *const *before, int befores, const char *after, bool *failed)
{
    PGconn *conn = CONN(s->db)->conn;
    *failed = false;
    if (!PQenterPipelineMode(conn))
        return NULL;
    PGresult *kept = NULL;
    bool sent = true;
    for (int i = 0; i < befores && sent; i++)
        sent = PQsendQueryParams(conn, before[i], 0, NULL, NULL, NULL, NULL, 0);
    sent = sent && PQsendQueryPrepared(conn, s->name, s->count, s->values, s->lengths, s->formats, 0) &&
           (!after || PQsendQueryParams(conn, after, 0, NULL, NULL, NULL, NULL, 0)) && PQpipelineSync(conn);
    /* the results of each, each followed by NULL, then the sync's (which is not) */
    int query = 0, queries = befores + 1 + (after ? 1 : 0);
    while (sent) {
        PGresult *result = PQgetResult(conn);
        if (!result) {
            if (++query > queries)
                break;
            continue;
        }
        ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_PIPELINE_SYNC) {
            PQclear(result);
            break;
        }
        if (query == befores && !kept) {
            kept = result;
            continue;
        }
        if (status != PGRES_COMMAND_OK)
            *failed = true;
        PQclear(result);
    }
    PQexitPipelineMode(conn);
    if (!sent)
        *failed = true;
    return kept;
}

/* Begins a transaction (sql: BEGIN and what goes with it). A connection found lost by it, before anything of the
 * transaction ran, is made again and the BEGIN sent once more. */
static int begin_transaction(Db *db, const char *sql)
{
    reconnect_if_lost(db);
    int rc = store_pg_exec(db, sql, NULL);
    if (rc != TK_OK && PQstatus(CONN(db)->conn) == CONNECTION_BAD) {
        reconnect_if_lost(db);
        if (PQstatus(CONN(db)->conn) == CONNECTION_OK)
            rc = store_pg_exec(db, sql, NULL);
    }
    if (rc != TK_OK && in_transaction(db))
        store_pg_exec(db, "ROLLBACK", NULL);
    return rc;
}

/* Runs the statement, after the BEGIN of its read transaction when begin (begin_pending). */
static int run(PgStmt *s, bool begin)
{
    PgConn *pc = CONN(s->db);
    int rc = prepare_on_server(s);
    if (rc != TK_OK)
        return rc;
    bool savepoint = !s->read_only && PQtransactionStatus(pc->conn) == PQTRANS_INTRANS, failed = false;
    static const char *const savepoints[] = {"SAVEPOINT tk_statement"};
    const char *before[2];
    int befores = 0;
    if (begin)
        before[befores++] = PG_READ_BEGIN;
    if (s->generic)
        before[befores++] = "SET plan_cache_mode = force_generic_plan";
    if (savepoint)
        s->result = execute_between(s, savepoints, 1, "RELEASE SAVEPOINT tk_statement", &failed);
    else if (befores)
        s->result = execute_between(s, before, befores, s->generic ? "RESET plan_cache_mode" : NULL, &failed);
    else
        s->result = PQexecPrepared(pc->conn, s->name, s->count, s->values, s->lengths, s->formats, 0);
    ExecStatusType status = s->result ? PQresultStatus(s->result) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        rc = store_pg_error(s->db, s->result, s->sql);
        PQclear(s->result);
        s->result = NULL;
        if (savepoint && PQtransactionStatus(pc->conn) == PQTRANS_INERROR)
            store_pg_exec(s->db, "ROLLBACK TO SAVEPOINT tk_statement; RELEASE SAVEPOINT tk_statement", NULL);
        return rc;
    }
    if (failed) { /* the statement ran but the command after it failed */
        PQclear(s->result);
        s->result = NULL;
        pg_remember_error(s->db, PQerrorMessage(pc->conn));
        log_error("a command around a statement failed: %s", pc->error);
        return TK_ERR_DB;
    }
    const char *command = PQcmdStatus(s->result);
    if (strncmp(command, "INSERT", 6) == 0 || strncmp(command, "UPDATE", 6) == 0 ||
        strncmp(command, "DELETE", 6) == 0 || strncmp(command, "MERGE", 5) == 0)
        pc->changes = strtoll(PQcmdTuples(s->result), NULL, 10);
    s->rows = status == PGRES_TUPLES_OK ? PQntuples(s->result) : 0;
    s->row = -1;
    return TK_OK;
}

static int execute(PgStmt *s)
{
    PgConn *pc = CONN(s->db);
    bool begin = pc->begin_pending;
    pc->begin_pending = false;
    int rc = run(s, begin);
    if (rc != TK_OK && begin && pg_connection_ended(pc)) {
        /* the connection found ended by the first statement of a read: nothing of it ran; made again, sent again */
        pg_reconnect(s->db);
        if (PQstatus(pc->conn) == CONNECTION_OK)
            rc = run(s, true);
    }
    return rc;
}

static int step(Db *db, SqlStmt *stmt)
{
    PgStmt *s = STMT(stmt);
    if (!s->started) {
        s->started = true;
        reconnect_if_lost(db);
        int rc;
        if (!s->read_only && !in_transaction(db)) {
            /* a write on its own waits for the writer lock as one in a transaction does */
            if ((rc = begin_transaction(db, "BEGIN ISOLATION LEVEL READ COMMITTED; " PG_WRITER_LOCK)) != TK_OK)
                return rc;
            rc = execute(s);
            if (rc == TK_OK)
                rc = store_pg_exec(db, "COMMIT", NULL);
            else
                store_pg_exec(db, "ROLLBACK", NULL);
        } else {
            bool alone = !in_transaction(db);
            rc = execute(s);
            /* a read on its own whose connection was found lost by it: made again, and the read sent once more */
            if (rc != TK_OK && alone && PQstatus(CONN(db)->conn) == CONNECTION_BAD) {
                reconnect_if_lost(db);
                if (PQstatus(CONN(db)->conn) == CONNECTION_OK)
                    rc = execute(s);
            }
        }
        if (rc != TK_OK)
            return rc;
    }
    free_decoded(s);
    if (s->row < s->rows)
        s->row++;
    return s->row < s->rows ? SQL_STEP_ROW : SQL_STEP_DONE;
}

static void reset(SqlStmt *stmt)
{
    PgStmt *s = STMT(stmt);
    PQclear(s->result);
    s->result = NULL;
    free_decoded(s);
    s->started = false;
    s->rows = s->row = 0;
    for (int i = 0; i < s->count; i++) {
        s->values[i] = NULL;
        s->lengths[i] = 0;
        s->formats[i] = 0;
    }
}

static bool has_value(PgStmt *s, int col)
{
    return s->result && s->row >= 0 && s->row < s->rows && col >= 0 && col < PQnfields(s->result) &&
           !PQgetisnull(s->result, s->row, col);
}

enum { BYTEA_OID = 17, BOOL_OID = 16 };

static int64_t col_int(SqlStmt *stmt, int col)
{
    PgStmt *s = STMT(stmt);
    if (!has_value(s, col))
        return 0;
    const char *text = PQgetvalue(s->result, s->row, col);
    if (PQftype(s->result, col) == BOOL_OID)
        return text[0] == 't';
    return strtoll(text, NULL, 10);
}

/* The bytes of a bytea column of the current row, decoded once. */
static const unsigned char *bytea_value(PgStmt *s, int col, size_t *len)
{
    int fields = PQnfields(s->result);
    if (!s->decoded) {
        s->decoded = calloc((size_t)fields, sizeof *s->decoded);
        s->decoded_lengths = calloc((size_t)fields, sizeof *s->decoded_lengths);
        s->decoded_count = s->decoded ? fields : 0;
        if (!s->decoded || !s->decoded_lengths)
            return NULL;
    }
    const char *text = PQgetvalue(s->result, s->row, col);
    if (!s->decoded[col]) {
        unsigned char *bytes = malloc(strlen(text) + 1);
        long n = bytes ? store_pg_bytea_decode(text, bytes) : -1;
        if (n < 0) {
            free(bytes);
            return NULL;
        }
        bytes[n] = '\0';
        s->decoded[col] = bytes;
        s->decoded_lengths[col] = (size_t)n;
    }
    *len = s->decoded_lengths[col];
    return s->decoded[col];
}

static const char *col_text(SqlStmt *stmt, int col, size_t *len)
{
    PgStmt *s = STMT(stmt);
    *len = 0;
    if (!has_value(s, col))
        return NULL;
    if (PQftype(s->result, col) == BYTEA_OID)
        return (const char *)bytea_value(s, col, len);
    *len = (size_t)PQgetlength(s->result, s->row, col);
    return PQgetvalue(s->result, s->row, col);
}

static const void *col_blob(SqlStmt *stmt, int col, size_t *len)
{
    PgStmt *s = STMT(stmt);
    *len = 0;
    if (!has_value(s, col))
        return NULL;
    if (PQftype(s->result, col) == BYTEA_OID)
        return bytea_value(s, col, len);
    *len = (size_t)PQgetlength(s->result, s->row, col);
    return PQgetvalue(s->result, s->row, col);
}

static bool col_is_null(SqlStmt *stmt, int col)
{
    return !has_value(STMT(stmt), col);
}

static const char *text(SqlStmt *stmt)
{
    return STMT(stmt)->sql;
}

static bool busy(SqlStmt *stmt)
{
    return STMT(stmt)->started;
}

static bool read_only(SqlStmt *stmt)
{
    return STMT(stmt)->read_only;
}

static int64_t changes(Db *db)
{
    return CONN(db)->changes;
}

static const char *error(Db *db)
{
    return CONN(db)->error;
}

static int begin(Db *db, bool write)
{
    /* A writer: READ COMMITTED under the writer lock, which no other writer holds while it runs, so that every
     * statement sees all that was committed before it and nothing changes under it but its own writes. A reader:
     * one snapshot for the whole transaction, as a read transaction of SQLite in WAL mode. */
    if (!write) { /* its BEGIN goes with its first statement (execute_between) */
        reconnect_if_lost(db);
        CONN(db)->begin_pending = true;
        return TK_OK;
    }
    return begin_transaction(db, "BEGIN ISOLATION LEVEL READ COMMITTED; " PG_WRITER_LOCK);
}

static int commit(Db *db)
{
    if (CONN(db)->begin_pending) { /* a read that read nothing: no transaction on the server */
        CONN(db)->begin_pending = false;
        return TK_OK;
    }
    /* PostgreSQL ends a failed transaction with ROLLBACK when asked to COMMIT it: that is a failure here */
    if (PQtransactionStatus(CONN(db)->conn) == PQTRANS_INERROR) {
        store_pg_exec(db, "ROLLBACK", NULL);
        pg_remember_error(db, "the transaction failed before its commit and was rolled back");
        return TK_ERR_DB;
    }
    if (!in_transaction(db))
        return TK_OK;
    return store_pg_exec(db, "COMMIT", NULL);
}

static void rollback(Db *db)
{
    CONN(db)->begin_pending = false;
    if (in_transaction(db))
        store_pg_exec(db, "ROLLBACK", NULL);
}

static void close_connection(Db *db)
{
    if (!db->conn)
        return;
    PQfinish(CONN(db)->conn); /* the server rolls back a transaction left open */
    free(db->conn);
    db->conn = NULL;
}

const SqlDriver pg_driver = {
    .name = "postgresql", .engine = &pg_engine, SQL_DRIVER_FUNCTIONS(NULL), /* RETURNING id is kept */
};
