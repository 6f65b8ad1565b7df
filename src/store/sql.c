#include "store/sql.h"

#include <stdint.h>
#include <string.h>

#include "base/err.h"
#include "base/failpoint.h"
#include "base/log.h"

static sqlite3_stmt *cache_get(Db *db, const char *sql)
{
    for (int i = 0; i < db->cached; i++)
        if (db->cache[i].sql == sql)
            return db->cache[i].stmt;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
        log_error("prepare failed: %s in: %.120s", sqlite3_errmsg(db->conn), sql);
        return NULL;
    }
    int slots = (int)(sizeof db->cache / sizeof db->cache[0]);
    if (db->cached < slots) {
        db->cache[db->cached].sql = sql;
        db->cache[db->cached].stmt = stmt;
        db->cached++;
    } else {
        /* The cache is sized above the number of statements the program has; past it, evict the oldest one that
         * is not being stepped (a caller may be in the middle of a loop over it). */
        int victim = 0;
        while (victim < slots && sqlite3_stmt_busy(db->cache[victim].stmt))
            victim++;
        if (victim == slots) {
            log_error("statement cache full of statements in use");
            sqlite3_finalize(stmt);
            return NULL;
        }
        sqlite3_finalize(db->cache[victim].stmt);
        memset(db->names, 0, sizeof db->names); /* another statement may take the finalised one's address */
        memmove(&db->cache[victim], &db->cache[victim + 1], sizeof db->cache[0] * (size_t)(slots - 1 - victim));
        db->cache[slots - 1].sql = sql;
        db->cache[slots - 1].stmt = stmt;
    }
    return stmt;
}

Query sql_query(Db *db, const char *sql)
{
    if (FAILPOINT(FAILPOINT_SQL))
        return (Query){.db = db, .stmt = NULL, .rc = TK_ERR_DB};
    Query q = {.db = db, .stmt = cache_get(db, sql), .rc = TK_OK};
    if (!q.stmt)
        q.rc = TK_ERR_DB;
    return q;
}

enum { NAME_SLOTS = (int)(sizeof(((Db *)0)->names) / sizeof(((Db *)0)->names[0])), NAME_PROBES = 8 };

static int bind_index(Query *q, const char *name)
{
    if (q->rc != TK_OK)
        return 0;
    /* sqlite3_bind_parameter_index compares the name with each of the statement's in turn: a statement with
     * twenty names binds four hundred comparisons a row. The answers are remembered. */
    uintptr_t h = ((uintptr_t)q->stmt >> 4) * 31u + ((uintptr_t)name >> 3) * 0x9E3779B1u;
    int free_slot = -1;
    for (int probe = 0; probe < NAME_PROBES; probe++) {
        int slot = (int)((h + (uintptr_t)probe) % NAME_SLOTS);
        if (q->db->names[slot].stmt == q->stmt && q->db->names[slot].name == name)
            return q->db->names[slot].index;
        if (!q->db->names[slot].stmt && free_slot < 0)
            free_slot = slot;
    }
    int index = sqlite3_bind_parameter_index(q->stmt, name);
    if (index > 0 && free_slot >= 0) {
        q->db->names[free_slot].stmt = q->stmt;
        q->db->names[free_slot].name = name;
        q->db->names[free_slot].index = index;
    }
    if (index == 0) {
        log_error("unknown bind name %s in: %.120s", name, sqlite3_sql(q->stmt));
        q->rc = TK_ERR_INTERNAL;
    }
    return index;
}

static void bind_check(Query *q, int rc)
{
    if (rc != SQLITE_OK && q->rc == TK_OK) {
        log_error("bind failed: %s", sqlite3_errmsg(q->db->conn));
        q->rc = rc == SQLITE_NOMEM ? TK_ERR_NOMEM : TK_ERR_DB;
    }
}

void sql_text(Query *q, const char *name, const char *value)
{
    int index = bind_index(q, name);
    if (index)
        /* Bound text is not copied: callers keep it alive until the statement is stepped and reset (sql_done),
         * which every store function does before returning. */
        bind_check(q, value ? sqlite3_bind_text(q->stmt, index, value, -1, SQLITE_STATIC)
                            : sqlite3_bind_null(q->stmt, index));
}

void sql_int(Query *q, const char *name, int64_t value)
{
    int index = bind_index(q, name);
    if (index)
        bind_check(q, sqlite3_bind_int64(q->stmt, index, value));
}

void sql_int_or_null(Query *q, const char *name, int64_t value)
{
    int index = bind_index(q, name);
    if (index)
        bind_check(q, value ? sqlite3_bind_int64(q->stmt, index, value) : sqlite3_bind_null(q->stmt, index));
}

void sql_blob(Query *q, const char *name, const void *data, size_t len)
{
    int index = bind_index(q, name);
    if (index)
        bind_check(q, sqlite3_bind_blob(q->stmt, index, data, (int)len, SQLITE_STATIC));
}

static int map_step_error(Query *q, int rc)
{
    int extended = sqlite3_extended_errcode(q->db->conn);
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY)
        return TK_ERR_EXISTS;
    /* Extended result codes are on: compare their primary part. */
    int primary = rc & 0xFF;
    if (primary == SQLITE_CONSTRAINT)
        return TK_ERR_INVALID;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return TK_ERR_BUSY;
    if (primary == SQLITE_NOMEM)
        return TK_ERR_NOMEM;
    log_error("step failed: %s in: %.120s", sqlite3_errmsg(q->db->conn), sqlite3_sql(q->stmt));
    return TK_ERR_DB;
}

/* A statement that writes, run on a connection holding a read snapshot (store_read_begin) outside a write transaction,
 * ends the snapshot first: a snapshot older than another connection's commit cannot become a write (SQLite answers
 * SQLITE_BUSY_SNAPSHOT at once), so the write runs on its own, as it would without the snapshot. */
static void end_snapshot_before_write(Query *q)
{
    Db *db = q->db;
    if (db->reading && !db->writing && !sqlite3_get_autocommit(db->conn) && !sqlite3_stmt_busy(q->stmt) &&
        !sqlite3_stmt_readonly(q->stmt))
        sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
}

bool sql_row(Query *q)
{
    if (q->rc == TK_OK && FAILPOINT(FAILPOINT_SQL))
        q->rc = TK_ERR_DB;
    if (q->rc != TK_OK)
        return false;
    end_snapshot_before_write(q);
    int rc = sqlite3_step(q->stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        q->rc = map_step_error(q, rc);
    return false;
}

int sql_exec(Query *q)
{
    if (q->rc == TK_OK && FAILPOINT(FAILPOINT_SQL))
        q->rc = TK_ERR_DB;
    if (q->rc == TK_OK) {
        end_snapshot_before_write(q);
        int rc = sqlite3_step(q->stmt);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            q->rc = map_step_error(q, rc);
    }
    return sql_done(q);
}

int sql_done(Query *q)
{
    if (q->stmt) {
        sqlite3_reset(q->stmt);
        sqlite3_clear_bindings(q->stmt);
    }
    return q->rc;
}

int sql_collect(Query *q, Arena *arena, size_t size, SqlReadRow read, int limit, void *items, int *count, bool *more)
{
    char *array = NULL;
    *count = 0;
    if (more)
        *more = false;
    int capacity = 0, rc = TK_OK;
    while (sql_row(q)) {
        if (limit > 0 && *count == limit) {
            if (more)
                *more = true;
            break;
        }
        char *grown = arena_grow(arena, array, *count, &capacity, size);
        if (!grown) {
            rc = TK_ERR_NOMEM;
            break;
        }
        array = grown;
        char *item = array + (size_t)(*count)++ * size;
        memset(item, 0, size);
        read(q, arena, item);
    }
    /* items is the address of the caller's typed array pointer: every object pointer is alike here */
    memcpy(items, &array, sizeof array);
    int done = sql_done(q);
    return rc != TK_OK ? rc : done;
}

int64_t sql_col_int(Query *q, int col)
{
    return sqlite3_column_int64(q->stmt, col);
}

char *sql_col_text(Query *q, int col, Arena *arena)
{
    const unsigned char *text = sqlite3_column_text(q->stmt, col);
    if (!text)
        return NULL;
    char *copy = arena_strndup(arena, (const char *)text, (size_t)sqlite3_column_bytes(q->stmt, col));
    if (!copy)
        q->rc = TK_ERR_NOMEM;
    return copy;
}

const void *sql_col_blob(Query *q, int col, size_t *len)
{
    *len = (size_t)sqlite3_column_bytes(q->stmt, col);
    return sqlite3_column_blob(q->stmt, col);
}

int64_t sql_changes(Db *db)
{
    return sqlite3_changes64(db->conn);
}

int64_t sql_last_id(Db *db)
{
    return sqlite3_last_insert_rowid(db->conn);
}
