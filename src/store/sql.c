#include "store/sql.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/failpoint.h"
#include "base/log.h"
#include "store/driver.h"

#undef sql_query /* the function itself; callers go through the macro that records their statement */
#undef sql_exec_versioned_or_missing
#undef sql_put_versioned

static SqlStmt *cache_get(Db *db, const char *sql)
{
    for (int i = 0; i < db->cached; i++)
        if (db->cache[i].sql == sql)
            return db->cache[i].stmt;
    SqlStmt *stmt = NULL;
    if (db->driver->prepare(db, sql, &stmt) != TK_OK)
        return NULL;
    int slots = (int)(sizeof db->cache / sizeof db->cache[0]);
    if (db->cached < slots) {
        db->cache[db->cached].sql = sql;
        db->cache[db->cached].stmt = stmt;
        db->cached++;
    } else {
        /* The cache is sized above the number of statements the program has; past it, evict the oldest one that
         * is not being stepped (a caller may be in the middle of a loop over it). */
        int victim = 0;
        while (victim < slots && db->driver->busy(db->cache[victim].stmt))
            victim++;
        if (victim == slots) {
            log_error("statement cache full of statements in use");
            db->driver->finalize(stmt);
            return NULL;
        }
        db->driver->finalize(db->cache[victim].stmt);
        memset(db->names, 0, sizeof db->names); /* another statement may take the finalised one's address */
        memmove(&db->cache[victim], &db->cache[victim + 1], sizeof db->cache[0] * (size_t)(slots - 1 - victim));
        db->cache[slots - 1].sql = sql;
        db->cache[slots - 1].stmt = stmt;
    }
    return stmt;
}

void sql_cache_clear(Db *db)
{
    for (int i = 0; i < db->cached; i++)
        db->driver->finalize(db->cache[i].stmt);
    db->cached = 0;
    memset(db->names, 0, sizeof db->names);
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

/* The number of a parameter; 0 (and q->rc set when required) when the statement has none of that name. */
static int lookup_index(Query *q, const char *name, bool required)
{
    if (q->rc != TK_OK)
        return 0;
    /* A driver looks a name up by comparing it with each of the statement's in turn: a statement with twenty names
     * binds four hundred comparisons a row. The answers are remembered. */
    uintptr_t h = ((uintptr_t)q->stmt >> 4) * 31u + ((uintptr_t)name >> 3) * 0x9E3779B1u;
    int free_slot = -1;
    for (int probe = 0; probe < NAME_PROBES; probe++) {
        int slot = (int)((h + (uintptr_t)probe) % NAME_SLOTS);
        if (q->db->names[slot].stmt == q->stmt && q->db->names[slot].name == name)
            return q->db->names[slot].index;
        if (!q->db->names[slot].stmt && free_slot < 0)
            free_slot = slot;
    }
    int index = q->db->driver->param_index(q->stmt, name);
    if (index > 0 && free_slot >= 0) {
        q->db->names[free_slot].stmt = q->stmt;
        q->db->names[free_slot].name = name;
        q->db->names[free_slot].index = index;
    }
    if (index == 0 && required) {
        log_error("unknown bind name %s in: %.120s", name, q->db->driver->text(q->stmt));
        q->rc = TK_ERR_INTERNAL;
    }
    return index;
}

static int bind_index(Query *q, const char *name)
{
    return lookup_index(q, name, true);
}

bool sql_names(Query *q, const char *name)
{
    return lookup_index(q, name, false) > 0;
}

static void bind_check(Query *q, int rc)
{
    if (rc != TK_OK && q->rc == TK_OK) {
        log_error("bind failed: %s", q->db->driver->error(q->db));
        q->rc = rc;
    }
}

void sql_text(Query *q, const char *name, const char *value)
{
    int index = bind_index(q, name);
    if (index)
        /* Bound text is not copied: callers keep it alive until the statement is stepped and reset (sql_done),
         * which every store function does before returning. */
        bind_check(q,
                   value ? q->db->driver->bind_text(q->stmt, index, value) : q->db->driver->bind_null(q->stmt, index));
}

void sql_int(Query *q, const char *name, int64_t value)
{
    int index = bind_index(q, name);
    if (index)
        bind_check(q, q->db->driver->bind_int(q->stmt, index, value));
}

void sql_int_or_null(Query *q, const char *name, int64_t value)
{
    int index = bind_index(q, name);
    if (index)
        bind_check(q,
                   value ? q->db->driver->bind_int(q->stmt, index, value) : q->db->driver->bind_null(q->stmt, index));
}

void sql_null(Query *q, const char *name)
{
    int index = bind_index(q, name);
    if (index)
        bind_check(q, q->db->driver->bind_null(q->stmt, index));
}

void sql_blob(Query *q, const char *name, const void *data, size_t len)
{
    int index = bind_index(q, name);
    if (index)
        bind_check(q, q->db->driver->bind_blob(q->stmt, index, data, len));
}

/* A statement that writes, run on a connection holding a read snapshot (store_read_begin) outside a write transaction,
 * ends the snapshot first: a snapshot older than another connection's commit cannot become a write (SQLite answers
 * SQLITE_BUSY_SNAPSHOT at once), so the write runs on its own, as it would without the snapshot. */
static void end_snapshot_before_write(Query *q)
{
    Db *db = q->db;
    if (db->reading && !db->writing && db->driver->in_transaction(db) && !db->driver->busy(q->stmt) &&
        !db->driver->read_only(q->stmt))
        db->driver->commit(db);
}

bool sql_row(Query *q)
{
    if (q->rc == TK_OK && FAILPOINT(FAILPOINT_SQL))
        q->rc = TK_ERR_DB;
    if (q->rc != TK_OK)
        return false;
    end_snapshot_before_write(q);
    int rc = q->db->driver->step(q->db, q->stmt);
    if (rc == SQL_STEP_ROW)
        return true;
    if (rc != SQL_STEP_DONE)
        q->rc = rc;
    return false;
}

int sql_exec(Query *q)
{
    if (q->rc == TK_OK && FAILPOINT(FAILPOINT_SQL))
        q->rc = TK_ERR_DB;
    if (q->rc == TK_OK) {
        end_snapshot_before_write(q);
        int rc = q->db->driver->step(q->db, q->stmt);
        if (rc != SQL_STEP_DONE && rc != SQL_STEP_ROW)
            q->rc = rc;
    }
    return sql_done(q);
}

int sql_done(Query *q)
{
    if (q->stmt)
        q->db->driver->reset(q->stmt);
    return q->rc;
}

int sql_collect(Query *q, Arena *arena, size_t size, SqlReadRow read, int limit, void *items, int *count, bool *more)
{
    SqlRecord kind = {size, read, {NULL, 0}, 0, {NULL, 0}};
    return sql_collect_records(q, arena, &kind, limit, items, count, more);
}

void sql_read_record(Query *q, Arena *arena, const SqlRecord *kind, void *item)
{
    if (kind->read) {
        kind->read(q, arena, item);
        return;
    }
    int col = sql_read_fields(q, 0, arena, item, kind->fields);
    if (kind->name) {
        *(char **)((char *)item + kind->name - 1) = sql_col_full_name(q, col, arena);
        sql_read_fields(q, col + 4, arena, item, kind->after);
    }
}

int sql_collect_records(Query *q, Arena *arena, const SqlRecord *kind, int limit, void *items, int *count, bool *more)
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
        char *grown = arena_grow(arena, array, *count, &capacity, kind->size);
        if (!grown) {
            rc = TK_ERR_NOMEM;
            break;
        }
        array = grown;
        char *item = array + (size_t)(*count)++ * kind->size;
        memset(item, 0, kind->size);
        sql_read_record(q, arena, kind, item);
    }
    /* items is the address of the caller's typed array pointer: every object pointer is alike here */
    memcpy(items, &array, sizeof array);
    int done = sql_done(q);
    return rc != TK_OK ? rc : done;
}

int sql_one(Query *q, Arena *arena, SqlReadRow read, void *item)
{
    bool found = sql_row(q);
    if (found && read)
        read(q, arena, item);
    int rc = sql_done(q);
    return rc != TK_OK ? rc : found ? TK_OK : TK_ERR_NOT_FOUND;
}

int sql_exec_returning(Query *q, int64_t *id)
{
    if (q->db->driver->inserted_id) {
        int rc = sql_exec(q);
        if (rc == TK_OK && id)
            *id = q->db->driver->inserted_id(q->db);
        return rc;
    }
    if (sql_row(q) && id)
        *id = sql_col_int(q, 0);
    return sql_done(q);
}

int sql_exec_versioned(Query *update, int64_t id, int64_t version)
{
    sql_int(update, ":id", id);
    sql_int(update, ":version", version);
    int rc = sql_exec(update);
    return rc != TK_OK ? rc : sql_changes(update->db) ? TK_OK : TK_ERR_CONFLICT;
}

int sql_exec_versioned_or_missing(Query *update, int64_t id, int64_t version, const char *exists)
{
    int rc = sql_exec_versioned(update, id, version);
    if (rc != TK_ERR_CONFLICT)
        return rc;
    Query q = sql_query(update->db, exists);
    sql_int(&q, ":id", id);
    rc = sql_one(&q, NULL, NULL, NULL);
    return rc == TK_OK ? TK_ERR_CONFLICT : rc;
}

int sql_put_versioned(Db *db, const char *insert, const char *update, int64_t id, int64_t *version, SqlBindRecord bind,
                      const void *record)
{
    Query q = (sql_query)(db, *version ? update : insert);
    bind(&q, record);
    int rc = *version ? sql_exec_versioned(&q, id, *version) : sql_exec(&q);
    if (rc == TK_OK)
        ++*version;
    return rc;
}

int64_t sql_col_int(Query *q, int col)
{
    return q->db->driver->col_int(q->stmt, col);
}

const char *sql_col_text_ref(Query *q, int col)
{
    size_t len;
    return q->db->driver->col_text(q->stmt, col, &len);
}

bool sql_col_is_null(Query *q, int col)
{
    return q->db->driver->col_is_null(q->stmt, col);
}

char *sql_col_text(Query *q, int col, Arena *arena)
{
    size_t len;
    const char *text = q->db->driver->col_text(q->stmt, col, &len);
    if (!text)
        return NULL;
    char *copy = arena_strndup(arena, text, len);
    if (!copy)
        q->rc = TK_ERR_NOMEM;
    return copy;
}

const void *sql_col_blob(Query *q, int col, size_t *len)
{
    return q->db->driver->col_blob(q->stmt, col, len);
}

int64_t sql_changes(Db *db)
{
    return db->driver->changes(db);
}

/* The section the linker gathers the texts recorded by sql_query into, from every object file linked. */
extern const char *const __start_sql_statements[] __attribute__((weak));
extern const char *const __stop_sql_statements[] __attribute__((weak));

const char *const *sql_statements(size_t *count)
{
    *count = __start_sql_statements && __stop_sql_statements ? (size_t)(__stop_sql_statements - __start_sql_statements)
                                                             : 0;
    return __start_sql_statements;
}

/* Skips a string literal, quoted identifier or comment starting at s; returns where scanning goes on. */
static const char *skip_quoted(const char *s)
{
    if (*s == '\'' || *s == '"') {
        char quote = *s++;
        while (*s && !(*s == quote && s[1] != quote))
            s += *s == quote ? 2 : 1;
        return *s ? s + 1 : s;
    }
    if (s[0] == '-' && s[1] == '-') {
        while (*s && *s != '\n')
            s++;
        return s;
    }
    if (s[0] == '/' && s[1] == '*') {
        const char *end = strstr(s + 2, "*/");
        return end ? end + 2 : s + strlen(s);
    }
    return NULL;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int sql_placeholders_numbered(const char *sql, char *out, size_t size)
{
    enum { MAX_NAMES = 128 };
    const char *names[MAX_NAMES];
    size_t lengths[MAX_NAMES];
    return sql_placeholders_named(sql, out, size, names, lengths, MAX_NAMES);
}

int sql_placeholders_named(const char *sql, char *out, size_t size, const char **names, size_t *lengths, int max)
{
    int count = 0;
    size_t used = 0;
    for (const char *s = sql; *s;) {
        const char *after = skip_quoted(s);
        if (after) {
            if (used + (size_t)(after - s) >= size)
                return -1;
            memcpy(out + used, s, (size_t)(after - s));
            used += (size_t)(after - s);
            s = after;
            continue;
        }
        /* :name, but not PostgreSQL's cast operator :: */
        if (s[0] == ':' && name_char(s[1]) && !(s[1] >= '0' && s[1] <= '9') && (s == sql || s[-1] != ':')) {
            size_t len = 1;
            while (name_char(s[len]))
                len++;
            int number = 0;
            for (int i = 0; i < count && !number; i++)
                if (lengths[i] == len && memcmp(names[i], s, len) == 0)
                    number = i + 1;
            if (!number) {
                if (count == max)
                    return -1;
                names[count] = s;
                lengths[count++] = len;
                number = count;
            }
            int written = snprintf(out + used, size - used, "$%d", number);
            if (written < 0 || (size_t)written >= size - used)
                return -1;
            used += (size_t)written;
            s += len;
            continue;
        }
        if (used + 1 >= size)
            return -1;
        out[used++] = *s++;
    }
    if (used >= size)
        return -1;
    out[used] = '\0';
    return count;
}
