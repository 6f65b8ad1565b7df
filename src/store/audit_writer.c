/* The audit log's group-commit writer: rows that record reads, queued by every worker, committed together on a
 * connection of its own (one disk sync for the lot), filed by record in batches, and the checkpointer thread that
 * keeps the write-ahead log short meanwhile. */
#include "store/audit.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "base/failpoint.h"
#include "base/log.h"
#include "base/settings.h"
#include "store/audit_chain.h"

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
    atomic_bool running;      /* read without the lock by store_audit_record */
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
    /* Rows are being committed, by the writer's thread or by a request committing its own on its connection
     * (store_audit_commit_now), or the writer is filing or checkpointing; what it guards (the writer's
     * connection, unfiled, wal_frames) is used only while set. */
    bool busy;
} writer = {.lock = PTHREAD_MUTEX_INITIALIZER,
            .wake_writer = PTHREAD_COND_INITIALIZER,
            .wake_checkpointer = PTHREAD_COND_INITIALIZER};

/* The checkpointer's period; the log's size (in 4 KiB frames) past which the writer finishes a checkpoint itself;
 * the rows filed by record in one go; how long the writer waits idle before filing what is left. */
enum {
    BATCH_FULL_ROWS = 256,
    CHECKPOINT_MILLISECONDS = 250,
    RESTART_FRAMES = 16384,
    FILE_ROWS = 2048,
    FILE_IDLE_MILLISECONDS = 1000
};

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

/* Writes a batch in one transaction (one disk sync for the lot); on the writer's thread, when enough rows wait
 * unfiled, files them in the same transaction (a request committing its own rows leaves that to the writer). */
static int write_batch(Db *db, Pending *batch, bool file, bool unsynced)
{
    int rc = TK_OK;
    if (!unsynced)
        rc = store_begin(db);
    else if (!store_begin_unsynced(db, &rc))
        rc = TK_ERR_INTERNAL; /* the syncer runs only where commits can be unsynced */
    AuditChain state = {.loaded = false};
    int64_t rows = 0;
    for (Pending *p = batch; p && rc == TK_OK; p = p->next)
        for (int i = 0; i < p->count && rc == TK_OK; i++, rows++)
            rc = store_audit_append_chained(db, &p->rows[i], &state);
    int64_t unfiled = writer.unfiled + rows;
    if (rc == TK_OK && file && unfiled >= FILE_ROWS)
        rc = store_audit_file_batch(db, FILE_ROWS, &unfiled);
    if (rc == TK_OK)
        rc = store_commit(db);
    else
        store_rollback(db);
    if (rc == TK_OK)
        writer.unfiled = unfiled;
    return rc;
}

/* Once the log has grown past RESTART_FRAMES, the writer checkpoints what the checkpointer thread has not yet
 * copied: under constant load only the writer, between its own transactions, can bring the log to the point where
 * its next transaction starts it over. */
static bool checkpoint_due(void)
{
    return writer.checkpointer_running && writer.wal_frames > RESTART_FRAMES;
}

/* Work for the writer's thread other than queued rows: the log to checkpoint, or a batch of rows to file. */
static bool chores_due(void)
{
    return checkpoint_due() || writer.unfiled >= FILE_ROWS;
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

/* Waits, under the lock, until the writer has something to do and the connection is its own: queued rows,
 * chores, or stopping. Files what is left after FILE_IDLE_MILLISECONDS with nothing else to do. */
static void wait_for_work(void)
{
    while (writer.busy || (!writer.head && !writer.stopping && !chores_due())) {
        if (writer.busy || writer.unfiled <= 0) {
            pthread_cond_wait(&writer.wake_writer, &writer.lock);
            continue;
        }
        struct timespec until = deadline_after(FILE_IDLE_MILLISECONDS);
        if (pthread_cond_timedwait(&writer.wake_writer, &writer.lock, &until) == ETIMEDOUT && !writer.head &&
            !writer.busy && !writer.stopping) {
            writer.busy = true;
            pthread_mutex_unlock(&writer.lock);
            file_while_idle();
            pthread_mutex_lock(&writer.lock);
            writer.busy = false;
        }
    }
}

/* Rows wait up to audit_batch_microseconds from the oldest, so that one commit (one disk sync) takes more. */
static void gather(void)
{
    int64_t wait_us = settings_get(SET_AUDIT_BATCH_MICROSECONDS);
    if (wait_us <= 0)
        return;
    struct timespec until = writer.first_at;
    until.tv_nsec += (long)(wait_us % 1000000) * 1000;
    until.tv_sec += (time_t)(wait_us / 1000000) + until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    while (!writer.stopping && writer.queued_rows < BATCH_FULL_ROWS &&
           pthread_cond_timedwait(&writer.wake_writer, &writer.lock, &until) != ETIMEDOUT) {
    }
}

static void *writer_main(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&writer.lock);
    for (;;) {
        wait_for_work();
        if (!writer.head && writer.stopping)
            break;
        if (writer.head)
            gather();
        Pending *batch = writer.head;
        writer.head = writer.tail = NULL;
        writer.queued_rows = 0;
        writer.busy = true;
        pthread_mutex_unlock(&writer.lock);
        int rc = TK_OK;
        if (batch) {
            rc = write_batch(writer.db, batch, true, false);
            if (rc == TK_ERR_BUSY)
                rc = write_batch(writer.db, batch, true, false);
            if (rc != TK_OK)
                log_error("audit batch not written: %s", tk_err_name(rc));
        } else if (writer.unfiled >= FILE_ROWS) {
            int64_t remaining = writer.unfiled;
            if (store_audit_file(writer.db, FILE_ROWS, &remaining) != TK_OK) {
                log_error("audit rows not filed by record");
                remaining = 0; /* tried again after the next batch */
            }
            writer.unfiled = remaining;
        }
        if (checkpoint_due()) {
            store_checkpoint(writer.db);
            writer.wal_frames = 0; /* until the next commit tells the log's size again */
        }
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
        writer.busy = false;
    }
    pthread_mutex_unlock(&writer.lock);
    return NULL;
}

/* Takes the turn to commit rows on a request's own connection: the writer idle, nothing queued, no gathering window. */
static bool take_own_turn(void)
{
    pthread_mutex_lock(&writer.lock);
    bool mine = writer.running && !writer.stopping && !writer.busy && !writer.head &&
                settings_get(SET_AUDIT_BATCH_MICROSECONDS) <= 0;
    if (mine)
        writer.busy = true;
    pthread_mutex_unlock(&writer.lock);
    return mine;
}

static void give_own_turn_back(void)
{
    pthread_mutex_lock(&writer.lock);
    writer.busy = false;
    /* the writer is woken only when there is work for it: rows queued meanwhile, a checkpoint, rows to file */
    if (writer.head || writer.stopping || chores_due())
        pthread_cond_signal(&writer.wake_writer);
    pthread_mutex_unlock(&writer.lock);
}

static int write_own(Db *db, AuditRow *rows, int count, bool unsynced)
{
    Pending own = {.rows = rows, .count = count};
    int rc = write_batch(db, &own, false, unsynced);
    if (rc == TK_ERR_BUSY)
        rc = write_batch(db, &own, false, unsynced);
    if (rc != TK_OK)
        log_error("audit rows not written: %s", tk_err_name(rc));
    return rc;
}

bool store_audit_commit_now(Db *db, AuditRow *rows, int count, int *rc)
{
    if (!take_own_turn())
        return false;
    *rc = write_own(db, rows, count, false);
    give_own_turn_back();
    return true;
}

/* The syncer: rows committed early (store_audit_commit_early) are in the write-ahead log but not yet on disk; this
 * thread syncs the log for all of them at once, while their requests go on with their work, and tells each when its
 * rows are on disk. Tickets number the early commits in order; a sync that begins after a commit returned covers it. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake, settled_signal;
    pthread_t thread;
    atomic_bool running; /* read without the lock by store_audit_commit_early */
    bool stopping;
    int fd;          /* the write-ahead log, opened read-only: a sync of any descriptor of a file syncs the file */
    int64_t issued;  /* the last ticket handed out */
    int64_t settled; /* the last ticket whose sync has ended, well or not */
    int64_t durable; /* every ticket up to this one was synced before any sync failed */
    bool broken;     /* a sync failed: every ticket after durable, issued or not, is failed, and no more are issued */
} syncer = {.lock = PTHREAD_MUTEX_INITIALIZER,
            .wake = PTHREAD_COND_INITIALIZER,
            .settled_signal = PTHREAD_COND_INITIALIZER,
            .fd = -1};

static void *syncer_main(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&syncer.lock);
    for (;;) {
        while (syncer.settled == syncer.issued && !syncer.stopping)
            pthread_cond_wait(&syncer.wake, &syncer.lock);
        if (syncer.settled == syncer.issued)
            break; /* stopping, nothing left to sync */
        int64_t target = syncer.issued;
        pthread_mutex_unlock(&syncer.lock);
        int failure = FAILPOINT(FAILPOINT_SYNC) ? EIO : fdatasync(syncer.fd) == 0 ? 0 : errno;
        pthread_mutex_lock(&syncer.lock);
        if (failure) {
            /* After a failed sync the kernel may have dropped the pages it could not write, and reports that once:
             * a later sync that succeeds does not bring them back, and rows committed since (during this sync too)
             * follow them in the log. So no row committed this way is ever taken as durable again: from now on
             * read audits commit with SQLite's own sync (whose failure SQLite answers itself). */
            syncer.broken = true;
            log_error("sync of the write-ahead log failed: %s (the searches waiting for it are answered 500; read "
                      "audits commit with their own sync from now on; look at the disk, then restart the server)",
                      strerror(failure));
        } else if (!syncer.broken)
            syncer.durable = target;
        syncer.settled = target;
        pthread_cond_broadcast(&syncer.settled_signal);
    }
    pthread_mutex_unlock(&syncer.lock);
    return NULL;
}

static void syncer_start(Db *db)
{
    syncer.fd = store_log_open(db);
    if (syncer.fd < 0)
        return; /* no log to sync (PostgreSQL): every read audit's commit waits for the disk itself */
    syncer.stopping = false;
    syncer.broken = false; /* a stop leaves no ticket waiting */
    syncer.durable = syncer.settled;
    if (pthread_create(&syncer.thread, NULL, syncer_main, NULL) != 0) {
        log_error("no syncer thread: read audits' commits wait for the disk themselves");
        close(syncer.fd);
        syncer.fd = -1;
        return;
    }
    syncer.running = true;
}

/* Syncs what is left, then stops: no ticket is issued after the writer has stopped. */
static void syncer_stop(void)
{
    if (!syncer.running)
        return;
    pthread_mutex_lock(&syncer.lock);
    syncer.stopping = true;
    pthread_cond_signal(&syncer.wake);
    pthread_mutex_unlock(&syncer.lock);
    pthread_join(syncer.thread, NULL);
    close(syncer.fd);
    syncer.fd = -1;
    syncer.running = false;
}

bool store_audit_commit_early(Db *db, AuditRow *rows, int count, int64_t *ticket)
{
    if (!syncer.running || !db || !store_can_begin_unsynced(db) || !take_own_turn())
        return false;
    pthread_mutex_lock(&syncer.lock);
    bool broken = syncer.broken;
    pthread_mutex_unlock(&syncer.lock);
    if (broken) {
        give_own_turn_back();
        return false;
    }
    int rc = write_own(db, rows, count, true);
    *ticket = 0;
    if (rc == TK_OK) { /* within the turn: the writer's stop waits for it, then the syncer's stop syncs this one */
        pthread_mutex_lock(&syncer.lock);
        *ticket = ++syncer.issued;
        pthread_cond_signal(&syncer.wake);
        pthread_mutex_unlock(&syncer.lock);
    }
    give_own_turn_back();
    store_read_resume(db);
    return rc == TK_OK; /* when not, nothing was committed: the rows may go the usual way */
}

int store_audit_wait_synced(int64_t ticket)
{
    if (ticket <= 0)
        return TK_OK;
    pthread_mutex_lock(&syncer.lock);
    while (syncer.settled < ticket)
        pthread_cond_wait(&syncer.settled_signal, &syncer.lock);
    int rc = ticket <= syncer.durable ? TK_OK : TK_ERR_IO; /* settled and not durable: a sync failed */
    pthread_mutex_unlock(&syncer.lock);
    return rc;
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
    syncer_start(writer.db);
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
    pthread_join(writer.thread, NULL); /* once no request commits its own rows, and none can begin to */
    syncer_stop();
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

int store_audit_queue_rows(void)
{
    pthread_mutex_lock(&writer.lock);
    int rows = writer.queued_rows;
    pthread_mutex_unlock(&writer.lock);
    return rows;
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
    AuditRow own = *row;
    int rc;
    if (db && !store_in_transaction(db) && store_audit_commit_now(db, &own, 1, &rc))
        return rc;
    Waiter waiter = {.lock = PTHREAD_MUTEX_INITIALIZER, .signal = PTHREAD_COND_INITIALIZER};
    rc = store_audit_submit(row, 1, wake_waiter, &waiter);
    if (rc != TK_OK)
        return rc;
    pthread_mutex_lock(&waiter.lock);
    while (!waiter.done)
        pthread_cond_wait(&waiter.signal, &waiter.lock);
    pthread_mutex_unlock(&waiter.lock);
    return waiter.rc;
}
