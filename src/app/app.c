#include "app/app.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "domain/persons/person_search.h"
#include "domain/records/records.h"
#include "search/search.h"
#include "store/audit.h"
#include "store/store.h"

static const char *app_db_path;

/* One database connection per worker thread, opened on its first request and closed when the thread ends. */
static pthread_key_t thread_db_key;
/* For /metrics: the workers' connections open, and those answering a request. */
static atomic_int connections_open, connections_in_use;

static pthread_t index_thread;
static bool index_loading;

static void close_thread_db(void *db)
{
    atomic_fetch_sub(&connections_open, 1);
    store_close(db);
}

static Db *thread_db(void)
{
    Db *db = pthread_getspecific(thread_db_key);
    if (db)
        return db;
    char error[256];
    if (store_open(app_db_path, STORE_OPEN_EXISTING, &db, error) != TK_OK) {
        log_error("worker cannot open the database: %s", error);
        return NULL;
    }
    /* the audit writer's checkpointer thread checkpoints the log, not a request */
    if (store_audit_writer_running())
        store_set_autocheckpoint(db, 0);
    pthread_setspecific(thread_db_key, db);
    atomic_fetch_add(&connections_open, 1);
    return db;
}

static void *load_person_index(void *db_path)
{
    Db *db = NULL;
    char error[256];
    if (store_open(db_path, STORE_OPEN_EXISTING, &db, error) != TK_OK) {
        log_error("person index: %s", error);
        return NULL;
    }
    if (person_index_load(db) != TK_OK)
        log_error("person index could not be loaded");
    store_close(db);
    return NULL;
}

/* The daily job (domain_records_daily): run at start-up, so that a server down on a birthday still seals, and then
 * on its own thread whenever the day in Amman changes, checked each minute. */
static pthread_t daily_thread;
static bool daily_running, daily_stopping;
static pthread_mutex_t daily_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t daily_wake = PTHREAD_COND_INITIALIZER;

/* The feed's changes are kept a day: a server stopped for longer loads its index anew when it starts. */
#define PERSON_CHANGES_KEPT_SECONDS (24 * 3600)

/* Runs once across the servers of the database: a server that does not get the job's lock (another runs it now)
 * skips, and one that gets it after another has run today's finds that run noted (domain_records_daily). */
static void run_daily(const char *db_path)
{
    Db *db = NULL;
    char error[256];
    if (store_open(db_path, STORE_OPEN_EXISTING, &db, error) != TK_OK) {
        log_error("daily job: %s", error);
        return;
    }
    bool held = false;
    if (store_job_try_lock(db, STORE_JOB_DAILY, &held) != TK_OK || !held) {
        log_info("daily job: another server runs it");
        store_close(db);
        return;
    }
    Arena arena;
    arena_init(&arena, 0);
    Fault fault = {0};
    Ctx ctx = {.db = db, .arena = &arena, .fault = &fault, .client_addr = "daily job"};
    int sealed = 0, listed = 0;
    bool ran = false;
    int rc = domain_records_daily(&ctx, true, &sealed, &listed, &ran);
    if (rc != TK_OK)
        log_error("daily job: %s", fault.code ? fault.code : tk_err_name(rc));
    else if (!ran)
        log_info("daily job: already run today");
    else if (sealed || listed)
        log_info("daily job: %d juvenile records sealed, %d cases past their retention listed", sealed, listed);
    int64_t pruned = 0;
    if (ran && store_person_changes_prune(db, clock_now() - PERSON_CHANGES_KEPT_SECONDS, &pruned) != TK_OK)
        log_error("daily job: the person index's old changes could not be deleted");
    arena_free(&arena);
    store_job_unlock(db, STORE_JOB_DAILY);
    store_close(db);
}

/* The follower of the person change feed (PostgreSQL, where other servers write the same persons; an SQLite file has
 * one server, whose own writes put into its index, so none runs there): on its own connection, it wakes on each
 * announced change or every FOLLOW_POLL_MS, and replays the changes into this server's index. It listens again every
 * FOLLOW_RELISTEN_POLLS polls: a connection the driver made again after losing it (between two reads) has forgotten
 * it, and would only poll. */
enum { FOLLOW_POLL_MS = 500, FOLLOW_GAP_WAIT_MS = 30000, FOLLOW_RETRY_MS = 1000, FOLLOW_RELISTEN_POLLS = 60 };
static pthread_t follow_thread;
static bool follow_running;
static volatile int follow_stopping; /* read by the thread between waits */
static PersonFollow follow_state;
static Db *follow_db;

static int64_t monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static void *follow_loop(void *db_path)
{
    bool listening = store_person_changes_listen(follow_db) == TK_OK;
    for (unsigned polls = 1; !__atomic_load_n(&follow_stopping, __ATOMIC_ACQUIRE); polls++) {
        int replayed = 0;
        if (follow_db && polls % FOLLOW_RELISTEN_POLLS == 0)
            listening = store_person_changes_listen(follow_db) == TK_OK;
        if (follow_db && listening &&
            person_follow_step(follow_db, &follow_state, monotonic_ms(), FOLLOW_GAP_WAIT_MS, &replayed) == TK_OK &&
            store_person_changes_wait(follow_db, FOLLOW_POLL_MS) == TK_OK)
            continue;
        /* the connection was lost: another, listening again; the changes missed meanwhile are read from last on */
        log_warn("person index: the change feed's connection failed: connecting again");
        if (follow_db)
            store_close(follow_db);
        follow_db = NULL;
        struct timespec pause = {FOLLOW_RETRY_MS / 1000, FOLLOW_RETRY_MS % 1000 * 1000000L};
        nanosleep(&pause, NULL);
        char error[256];
        if (store_open(db_path, STORE_OPEN_EXISTING, &follow_db, error) != TK_OK) {
            log_error("person index: %s", error);
            follow_db = NULL;
            continue;
        }
        listening = store_person_changes_listen(follow_db) == TK_OK;
    }
    return NULL;
}

/* Opens the follower's connection and notes where the feed stands, before the index is loaded; then starts it. */
static void start_following(const char *db_path)
{
    char error[256];
    if (store_open(db_path, STORE_OPEN_EXISTING, &follow_db, error) != TK_OK) {
        log_error("person index: the change feed cannot be followed: %s", error);
        return;
    }
    if (person_follow_start(follow_db, &follow_state) != TK_OK) {
        log_error("person index: the change feed cannot be read");
        store_close(follow_db);
        follow_db = NULL;
        return;
    }
    follow_running = pthread_create(&follow_thread, NULL, follow_loop, (void *)db_path) == 0;
    if (!follow_running) {
        log_error("cannot start the thread of the person change feed");
        store_close(follow_db);
        follow_db = NULL;
    }
}

static void *daily_loop(void *db_path)
{
    char last[11], today[11];
    clock_amman_today(last);
    pthread_mutex_lock(&daily_lock);
    while (!daily_stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 60;
        pthread_cond_timedwait(&daily_wake, &daily_lock, &until);
        clock_amman_today(today);
        if (daily_stopping || strcmp(today, last) == 0)
            continue;
        memcpy(last, today, sizeof last);
        pthread_mutex_unlock(&daily_lock);
        run_daily(db_path);
        pthread_mutex_lock(&daily_lock);
    }
    pthread_mutex_unlock(&daily_lock);
    return NULL;
}

int app_start(const char *db_path, char *error, size_t error_size)
{
    app_db_path = db_path;
    char store_error[256];
    Db *check = NULL;
    if (store_open(db_path, STORE_OPEN_EXISTING, &check, store_error) != TK_OK) {
        snprintf(error, error_size, "%s", store_error);
        return 1;
    }
    store_close(check);
    if (pthread_key_create(&thread_db_key, close_thread_db) != 0) {
        snprintf(error, error_size, "cannot keep a connection per thread");
        return 1;
    }
    person_index_begin_loading();
    if (store_names_postgres(db_path))
        start_following(db_path);
    index_loading = pthread_create(&index_thread, NULL, load_person_index, (void *)db_path) == 0;
    if (!index_loading) {
        log_error("cannot start the person index thread: loading it here");
        load_person_index((void *)db_path);
    }
    run_daily(db_path);
    if (store_audit_writer_start(db_path, store_error) != TK_OK) {
        snprintf(error, error_size, "%s", store_error);
        return 1;
    }
    daily_running = pthread_create(&daily_thread, NULL, daily_loop, (void *)db_path) == 0;
    if (!daily_running)
        log_error("cannot start the daily job's thread: it runs at the next start");
    return 0;
}

AppOutcome app_handle(Request *req)
{
    req->ctx.db = thread_db();
    if (!req->ctx.db)
        return APP_UNAVAILABLE;
    req->ctx.defer_read_audits = true;
    /* One snapshot for the request's reads: a connection starting a read after another connection's commit
     * discards its page cache, so a read per statement would re-read the same pages many times. */
    if (store_read_begin(req->ctx.db) != TK_OK)
        return APP_UNAVAILABLE;
    atomic_fetch_add_explicit(&connections_in_use, 1, memory_order_relaxed);
    api_dispatch(req);
    atomic_fetch_sub_explicit(&connections_in_use, 1, memory_order_relaxed);
    store_read_end(req->ctx.db);
    if (store_in_transaction(req->ctx.db)) { /* a handler's defect must not hold every other writer */
        log_error("%s %s left a transaction open: rolled back", req->method, req->path);
        store_rollback(req->ctx.db);
    }
    /* a row committed early (domain_audit_read_early) must be on disk before the answer leaves */
    if (store_audit_wait_synced(req->ctx.audit_ticket) != TK_OK)
        return APP_AUDIT_FAILED;
    return req->ctx.deferred_count == 0 ? APP_ANSWERED : APP_AUDIT_PENDING;
}

bool app_commit_audits_now(Request *req, int *rc)
{
    return store_audit_commit_now(req->ctx.db, req->ctx.deferred_reads, req->ctx.deferred_count, rc);
}

void app_submit_audits(Request *req, void (*done)(void *argument, int rc), void *argument)
{
    int rc = store_audit_submit(req->ctx.deferred_reads, req->ctx.deferred_count, done, argument);
    if (rc != TK_OK)
        done(argument, rc);
}

void app_gauges(AppGauges *gauges)
{
    gauges->db_connections_open = atomic_load(&connections_open);
    gauges->db_connections_in_use = atomic_load(&connections_in_use);
    gauges->audit_queue_rows = store_audit_queue_rows();
    gauges->index_persons = search_index_person_count();
    gauges->index_bytes = (int64_t)search_index_memory();
}

void app_stop_writers(void)
{
    if (follow_running) {
        __atomic_store_n(&follow_stopping, 1, __ATOMIC_RELEASE);
        pthread_join(follow_thread, NULL);
        follow_running = false;
        if (follow_db)
            store_close(follow_db);
        follow_db = NULL;
    }
    if (daily_running) {
        pthread_mutex_lock(&daily_lock);
        daily_stopping = true;
        pthread_cond_signal(&daily_wake);
        pthread_mutex_unlock(&daily_lock);
        pthread_join(daily_thread, NULL);
        daily_running = false;
    }
    store_audit_writer_stop();
}

void app_close(void)
{
    if (index_loading)
        pthread_join(index_thread, NULL);
    index_loading = false;
    person_index_free();
}
