#include "store/audit.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

#include "base/err.h"
#include "base/log.h"
#include "base/settings.h"
#include "store/engine.h"
#include "store/sql.h"

static uint8_t audit_key[32];

void store_set_audit_key(const uint8_t key[32])
{
    memcpy(audit_key, key, sizeof audit_key);
}

/* Where the chain stands inside one transaction: read once, then carried from row to row (the transaction holds
 * the write lock, so no other row can come between). */
typedef struct {
    bool loaded;
    int64_t next_id;
    uint8_t previous[AUDIT_HASH_SIZE];
} ChainState;

static int chain_load(Db *db, ChainState *state)
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

static int append_chained(Db *db, AuditRow *row, ChainState *state)
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
    Query insert = sql_query(db,
        "INSERT INTO audit (id, at, at_micros, user_id, username, unit_id, action, object_type, object_id,"
        " outcome, client_addr, detail, hash) VALUES (:id, :at, :micros, :user_id, :username, :unit_id, :action,"
        " :object_type, :object_id, :outcome, :client_addr, :detail, :hash)");
    sql_int(&insert, ":id", row->id);
    sql_int(&insert, ":at", row->at);
    sql_int(&insert, ":micros", row->at_micros);
    sql_int_or_null(&insert, ":user_id", row->user_id);
    sql_text(&insert, ":username", row->username);
    sql_int_or_null(&insert, ":unit_id", row->unit_id);
    sql_text(&insert, ":action", row->action);
    sql_text(&insert, ":object_type", row->object_type);
    sql_text(&insert, ":object_id", row->object_id);
    sql_text(&insert, ":outcome", row->outcome);
    sql_text(&insert, ":client_addr", row->client_addr);
    sql_text(&insert, ":detail", row->detail);
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
    ChainState state = {.loaded = false};
    return append_chained(db, row, &state);
}

static void read_row(Query *q, Arena *arena, AuditRow *row)
{
    row->id = sql_col_int(q, 0);
    row->at = sql_col_int(q, 1);
    row->at_micros = sql_col_int(q, 2);
    row->user_id = sql_col_int(q, 3);
    row->username = sql_col_text(q, 4, arena);
    row->unit_id = sql_col_int(q, 5);
    row->action = sql_col_text(q, 6, arena);
    row->object_type = sql_col_text(q, 7, arena);
    row->object_id = sql_col_text(q, 8, arena);
    row->outcome = sql_col_text(q, 9, arena);
    row->client_addr = sql_col_text(q, 10, arena);
    row->detail = sql_col_text(q, 11, arena);
}

/* The filters of a list, on the log aliased a; both list statements below share them. */
#define AUDIT_FILTERS                                                                                               \
    " AND (CAST(:before AS BIGINT) IS NULL OR a.id < :before)"                                                     \
    " AND (CAST(:user_id AS BIGINT) IS NULL OR a.user_id = :user_id)"                                              \
    " AND (CAST(:username AS TEXT) IS NULL OR a.username = :username COLLATE NOCASE)"                              \
    " AND (CAST(:action AS TEXT) IS NULL OR a.action = :action)"                                                   \
    " AND (CAST(:object_type AS TEXT) IS NULL OR a.object_type = :object_type)"                                    \
    " AND (CAST(:object_id AS TEXT) IS NULL OR a.object_id = :object_id)"                                          \
    " AND (CAST(:outcome AS TEXT) IS NULL OR a.outcome = :outcome)"                                                \
    " AND (CAST(:from AS BIGINT) IS NULL OR a.at >= :from)"                                                        \
    " AND (CAST(:to AS BIGINT) IS NULL OR a.at <= :to)"
#define AUDIT_COLUMNS                                                                                               \
    "SELECT a.id, a.at, a.at_micros, a.user_id, a.username, a.unit_id, a.action, a.object_type, a.object_id,"     \
    " a.outcome, a.client_addr, a.detail"

static void bind_filters(Query *q, const AuditFilter *filter)
{
    sql_int_or_null(q, ":before", filter->before_id);
    sql_int_or_null(q, ":user_id", filter->user_id);
    sql_text(q, ":username", filter->username);
    sql_text(q, ":action", filter->action);
    sql_text(q, ":object_type", filter->object_type);
    sql_text(q, ":object_id", filter->object_id);
    sql_text(q, ":outcome", filter->outcome);
    sql_int_or_null(q, ":from", filter->from);
    sql_int_or_null(q, ":to", filter->to);
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
                                                  " AND o.object_id = :object_id AND o.audit_id <= :upto"
                                                  AUDIT_FILTERS " ORDER BY o.audit_id DESC LIMIT :limit");
        sql_int(&filed, ":bucket", bucket);
        sql_int(&filed, ":upto", upto);
        bind_filters(&filed, filter);
        sql_int(&filed, ":limit", wanted - *count);
        if (!collect(&filed, arena, rows, count, wanted, &rc))
            return rc;
    }
    return TK_OK;
}

int store_audit_list(Db *db, const AuditFilter *filter, Arena *arena, AuditRow **rows, int *count,
                     int64_t *next_cursor)
{
    int limit = filter->limit > 0 && filter->limit <= 500 ? filter->limit : 50;
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
        Query q = sql_query(db, AUDIT_COLUMNS " FROM audit a WHERE 1 = 1" AUDIT_FILTERS " ORDER BY a.id DESC LIMIT :limit");
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
static int file_objects(Db *db, int64_t max_rows, int64_t *remaining)
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
    sql_int(&insert, ":upto", upto);
    sql_int(&insert, ":to", to);
    if ((rc = sql_exec(&insert)) != TK_OK)
        return rc;
    Query mark = sql_query(db, "UPDATE audit_filed SET upto = :to WHERE id = 1");
    sql_int(&mark, ":to", to);
    return sql_exec(&mark);
}

int store_audit_file(Db *db, int max_rows, int64_t *remaining)
{
    int rc = store_begin(db);
    if (rc != TK_OK)
        return rc;
    if ((rc = file_objects(db, max_rows, remaining)) == TK_OK)
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
        (rc = file_objects(db, INT64_MAX, &remaining)) == TK_OK && (rc = audit_filed_upto(db, filed)) == TK_OK)
        return store_commit(db);
    store_rollback(db);
    return rc;
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
    Query missing = sql_query(db,
        "SELECT a.id FROM audit a WHERE a.id <= :upto AND a.object_type IS NOT NULL AND a.object_id IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM audit_objects o WHERE o.bucket = a.id >> 16"
        " AND o.object_type = a.object_type AND o.object_id = a.object_id AND o.audit_id = a.id) LIMIT 10");
    sql_int(&missing, ":upto", upto);
    while (sql_row(&missing)) {
        report(context, sql_col_int(&missing, 0),
               "missing from the index by record: a search by record would not show it (takamul audit reindex)");
        (*problems)++;
    }
    if ((rc = sql_done(&missing)) != TK_OK)
        return rc;
    Query stray = sql_query(db,
        "SELECT o.audit_id FROM audit_objects o LEFT JOIN audit a ON a.id = o.audit_id"
        " WHERE a.id IS NULL OR o.audit_id > :upto OR o.bucket != o.audit_id >> 16"
        " OR a.object_type IS DISTINCT FROM o.object_type OR a.object_id IS DISTINCT FROM o.object_id LIMIT 10");
    sql_int(&stray, ":upto", upto);
    while (sql_row(&stray)) {
        report(context, sql_col_int(&stray, 0),
               "the index by record names this row under another record, or a row not in the log "
               "(takamul audit reindex)");
        (*problems)++;
    }
    return sql_done(&stray);
}

int store_audit_verify(Db *db, const uint8_t key[32], int64_t expected_id, const uint8_t *expected_hash,
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

/* The group-commit writer. Workers queue rows; the writer takes everything queued, writes it in one
 * transaction (one disk sync for the lot) and reports the outcome to each submitter. */
typedef struct Pending {
    struct Pending *next;
    AuditRow *rows;
    int count;
    Arena arena; /* owns the rows and their strings */
    AuditDone done;
    void *argument;
} Pending;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake_writer;
    pthread_t thread;
    Pending *head, *tail;
    int queued_rows;          /* rows in the queue */
    struct timespec first_at; /* when the oldest queued row came (CLOCK_REALTIME, for the timed wait) */
    atomic_bool running; /* read without the lock by store_audit_record */
    bool stopping;
    Db *db;
    /* The checkpointer: the server's connections never checkpoint the write-ahead log themselves (a checkpoint in
     * the writer would hold every audited answer waiting); this thread does, a few times a second. */
    pthread_t checkpointer;
    pthread_cond_t wake_checkpointer;
    bool checkpointer_running;
    Db *checkpoint_db;
    int wal_frames;  /* in the log after the writer's last commit */
    int64_t unfiled; /* rows not yet filed by record, as far as the writer knows */
} writer = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake_writer = PTHREAD_COND_INITIALIZER,
            .wake_checkpointer = PTHREAD_COND_INITIALIZER};

/* The checkpointer's period; the log's size (in 4 KiB frames) past which the writer finishes a checkpoint itself;
 * the rows filed by record in one go; how long the writer waits idle before filing what is left. */
enum { BATCH_FULL_ROWS = 256, CHECKPOINT_MILLISECONDS = 250, RESTART_FRAMES = 16384, FILE_ROWS = 2048, FILE_IDLE_MILLISECONDS = 1000 };

static struct timespec deadline_after(long milliseconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += milliseconds / 1000;
    until.tv_nsec += (milliseconds % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    return until;
}

static void *checkpointer_main(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&writer.lock);
    while (!writer.stopping) {
        struct timespec until = deadline_after(CHECKPOINT_MILLISECONDS);
        pthread_cond_timedwait(&writer.wake_checkpointer, &writer.lock, &until);
        if (writer.stopping)
            break;
        pthread_mutex_unlock(&writer.lock);
        if (store_checkpoint(writer.checkpoint_db) != TK_OK)
            log_error("checkpoint of the write-ahead log failed");
        pthread_mutex_lock(&writer.lock);
    }
    pthread_mutex_unlock(&writer.lock);
    return NULL;
}

/* Writes a batch in one transaction (one disk sync for the lot); when enough rows wait unfiled, files them in the
 * same transaction. Then, once the log has grown past RESTART_FRAMES, checkpoints what the checkpointer thread
 * has not yet copied: under constant load only the writer, between its own transactions, can bring the log to
 * the point where its next transaction starts it over. */
static int write_batch(Pending *batch)
{
    int rc = store_begin(writer.db);
    ChainState state = {.loaded = false};
    int64_t rows = 0;
    for (Pending *p = batch; p && rc == TK_OK; p = p->next)
        for (int i = 0; i < p->count && rc == TK_OK; i++, rows++)
            rc = append_chained(writer.db, &p->rows[i], &state);
    int64_t unfiled = writer.unfiled + rows;
    if (rc == TK_OK && unfiled >= FILE_ROWS)
        rc = file_objects(writer.db, FILE_ROWS, &unfiled);
    if (rc == TK_OK)
        rc = store_commit(writer.db);
    else
        store_rollback(writer.db);
    if (rc == TK_OK)
        writer.unfiled = unfiled;
    if (rc == TK_OK && writer.checkpointer_running && writer.wal_frames > RESTART_FRAMES)
        store_checkpoint(writer.db);
    return rc;
}

/* When no batch waits: files what is left, a batch at a time, until none is left or rows come in. */
static void file_while_idle(void)
{
    int64_t remaining = writer.unfiled;
    pthread_mutex_lock(&writer.lock);
    while (remaining > 0 && !writer.head) {
        pthread_mutex_unlock(&writer.lock);
        int rc = store_audit_file(writer.db, FILE_ROWS, &remaining);
        pthread_mutex_lock(&writer.lock);
        if (rc != TK_OK) {
            log_error("audit rows not filed by record: %s", tk_err_name(rc));
            remaining = 0; /* tried again after the next batch */
        }
        writer.unfiled = remaining;
    }
    pthread_mutex_unlock(&writer.lock);
}

static void *writer_main(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&writer.lock);
    for (;;) {
        while (!writer.head && !writer.stopping) {
            if (writer.unfiled <= 0) {
                pthread_cond_wait(&writer.wake_writer, &writer.lock);
                continue;
            }
            struct timespec until = deadline_after(FILE_IDLE_MILLISECONDS);
            if (pthread_cond_timedwait(&writer.wake_writer, &writer.lock, &until) == ETIMEDOUT && !writer.head &&
                !writer.stopping) {
                pthread_mutex_unlock(&writer.lock);
                file_while_idle();
                pthread_mutex_lock(&writer.lock);
            }
        }
        if (!writer.head && writer.stopping)
            break;
        /* rows wait up to audit_batch_microseconds from the oldest, so that one commit (one disk sync) takes more */
        int64_t wait_us = settings_get(SET_AUDIT_BATCH_MICROSECONDS);
        if (wait_us > 0) {
            struct timespec until = writer.first_at;
            until.tv_nsec += (long)(wait_us % 1000000) * 1000;
            until.tv_sec += (time_t)(wait_us / 1000000) + until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            while (!writer.stopping && writer.queued_rows < BATCH_FULL_ROWS &&
                   pthread_cond_timedwait(&writer.wake_writer, &writer.lock, &until) != ETIMEDOUT) {
            }
        }
        Pending *batch = writer.head;
        writer.head = writer.tail = NULL;
        writer.queued_rows = 0;
        pthread_mutex_unlock(&writer.lock);
        int rc = write_batch(batch);
        if (rc == TK_ERR_BUSY)
            rc = write_batch(batch);
        if (rc != TK_OK)
            log_error("audit batch not written: %s", tk_err_name(rc));
        while (batch) {
            Pending *next = batch->next;
            AuditDone done = batch->done;
            void *argument = batch->argument;
            arena_free(&batch->arena);
            free(batch);
            done(argument, rc);
            batch = next;
        }
        pthread_mutex_lock(&writer.lock);
    }
    pthread_mutex_unlock(&writer.lock);
    return NULL;
}

int store_audit_writer_start(const char *db_path, char error[256])
{
    int rc = store_open(db_path, STORE_OPEN_EXISTING, &writer.db, error);
    if (rc != TK_OK)
        return rc;
    store_set_autocheckpoint(writer.db, 0);
    writer.stopping = false;
    writer.unfiled = 1; /* rows left unfiled by an earlier run are counted at the first idle moment */
    if (pthread_create(&writer.thread, NULL, writer_main, NULL) != 0) {
        store_close(writer.db);
        writer.db = NULL;
        snprintf(error, 256, "cannot start the audit writer thread");
        return TK_ERR_INTERNAL;
    }
    writer.running = true;
    /* without a checkpointer the writer checkpoints as usual */
    if (store_open(db_path, STORE_OPEN_EXISTING, &writer.checkpoint_db, error) == TK_OK &&
        pthread_create(&writer.checkpointer, NULL, checkpointer_main, NULL) == 0) {
        writer.checkpointer_running = true;
        store_track_wal_frames(writer.db, &writer.wal_frames);
    } else {
        store_set_autocheckpoint(writer.db, 1000);
        if (writer.checkpoint_db)
            store_close(writer.checkpoint_db);
        writer.checkpoint_db = NULL;
        log_error("no checkpointer thread: the audit writer checkpoints the log itself");
    }
    return TK_OK;
}

void store_audit_writer_stop(void)
{
    if (!writer.running)
        return;
    pthread_mutex_lock(&writer.lock);
    writer.stopping = true;
    pthread_cond_signal(&writer.wake_writer);
    pthread_cond_signal(&writer.wake_checkpointer);
    pthread_mutex_unlock(&writer.lock);
    pthread_join(writer.thread, NULL);
    for (int64_t remaining = 1; remaining > 0;)
        if (store_audit_file(writer.db, FILE_ROWS, &remaining) != TK_OK)
            break;
    if (writer.checkpointer_running) {
        pthread_join(writer.checkpointer, NULL);
        store_checkpoint(writer.checkpoint_db); /* what the last batches wrote */
        store_close(writer.checkpoint_db);
        writer.checkpoint_db = NULL;
        writer.checkpointer_running = false;
    }
    store_close(writer.db);
    writer.db = NULL;
    writer.running = false;
}

bool store_audit_writer_running(void)
{
    return writer.running;
}

int store_audit_submit(const AuditRow *rows, int count, AuditDone done, void *argument)
{
    Pending *pending = calloc(1, sizeof *pending);
    if (!pending)
        return TK_ERR_NOMEM;
    bool copied = true;
    arena_init(&pending->arena, 1024);
    pending->rows = arena_calloc(&pending->arena, (size_t)count, sizeof(AuditRow));
    pending->count = count;
    pending->done = done;
    pending->argument = argument;
    for (int i = 0; pending->rows && i < count && copied; i++) {
        AuditRow *copy = &pending->rows[i];
        *copy = rows[i];
        copy->username = arena_strdup(&pending->arena, rows[i].username);
        copy->action = arena_strdup(&pending->arena, rows[i].action);
        copy->object_type = arena_strdup(&pending->arena, rows[i].object_type);
        copy->object_id = arena_strdup(&pending->arena, rows[i].object_id);
        copy->outcome = arena_strdup(&pending->arena, rows[i].outcome);
        copy->client_addr = arena_strdup(&pending->arena, rows[i].client_addr);
        copy->detail = arena_strdup(&pending->arena, rows[i].detail);
        copied = (copy->username || !rows[i].username) && (copy->action || !rows[i].action) &&
                 (copy->object_type || !rows[i].object_type) && (copy->object_id || !rows[i].object_id) &&
                 (copy->outcome || !rows[i].outcome) && (copy->client_addr || !rows[i].client_addr) &&
                 (copy->detail || !rows[i].detail);
    }
    if (!pending->rows || !copied) {
        arena_free(&pending->arena);
        free(pending);
        return TK_ERR_NOMEM;
    }
    pthread_mutex_lock(&writer.lock);
    if (!writer.running || writer.stopping) {
        pthread_mutex_unlock(&writer.lock);
        arena_free(&pending->arena);
        free(pending);
        return TK_ERR_BUSY;
    }
    bool first = !writer.head;
    if (writer.tail)
        writer.tail->next = pending;
    else
        writer.head = pending;
    writer.tail = pending;
    writer.queued_rows += count;
    if (first)
        clock_gettime(CLOCK_REALTIME, &writer.first_at);
    /* the writer is woken by the first row, and again once a batch is full */
    if (first || writer.queued_rows >= BATCH_FULL_ROWS)
        pthread_cond_signal(&writer.wake_writer);
    pthread_mutex_unlock(&writer.lock);
    return TK_OK;
}

/* A submitter that waits: the state it waits on lives on its stack. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t signal;
    bool done;
    int rc;
} Waiter;

static void wake_waiter(void *argument, int rc)
{
    Waiter *waiter = argument;
    pthread_mutex_lock(&waiter->lock);
    waiter->rc = rc;
    waiter->done = true;
    pthread_cond_signal(&waiter->signal);
    pthread_mutex_unlock(&waiter->lock);
}

int store_audit_record(Db *db, const AuditRow *row)
{
    if (!writer.running) {
        AuditRow copy = *row;
        int rc = store_begin(db);
        if (rc == TK_OK && (rc = store_audit_append(db, &copy)) == TK_OK)
            rc = store_commit(db);
        else
            store_rollback(db);
        return rc;
    }
    Waiter waiter = {.lock = PTHREAD_MUTEX_INITIALIZER, .signal = PTHREAD_COND_INITIALIZER};
    int rc = store_audit_submit(row, 1, wake_waiter, &waiter);
    if (rc != TK_OK)
        return rc;
    pthread_mutex_lock(&waiter.lock);
    while (!waiter.done)
        pthread_cond_wait(&waiter.signal, &waiter.lock);
    pthread_mutex_unlock(&waiter.lock);
    return waiter.rc;
}
