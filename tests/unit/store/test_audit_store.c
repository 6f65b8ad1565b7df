/* src/store/audit.c: appending chained audit rows, verifying the chain (and catching edited, deleted,
 * swapped and truncated rows through a raw connection), listing with filters and cursor paging, and
 * recording directly or through the group-commit writer from many threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/failpoint.h"
#include "store/audit.h"
#include "store/sql.h"
#include "store/store.h"
#include "temp_dir.h"

static const uint8_t key[32] = {0x42, 0x17, 0x99, 0x01, 0xFE, 0x3C, 0x00, 0x7A, 0x10, 0x20, 0x30,
                                0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xA0, 0xB0, 0xC0, 0xD0, 0xE0,
                                0xF0, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};

typedef struct {
    TempDir temp;
    const char *path;
    Db *db;
} Fixture;

static int setup(void **state)
{
    static Fixture fixture;
    memset(&fixture, 0, sizeof fixture);
    if (temp_dir_make(&fixture.temp) != 0)
        return -1;
    static char path[600];
    snprintf(path, sizeof path, "%s/audit.db", fixture.temp.dir);
    fixture.path = path;
    store_set_audit_key(key);
    char error[256];
    if (store_open(path, STORE_OPEN_CREATE, &fixture.db, error) != TK_OK)
        return -1;
    *state = &fixture;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fixture = *state;
    store_close(fixture->db);
    temp_dir_remove(&fixture->temp);
    return 0;
}

/* Appends one row in a transaction of its own; returns its id. */
static int64_t append(Db *db, const char *action, const char *username, const char *object_id)
{
    AuditRow row = {.user_id = username ? 5 : 0,
                    .username = username,
                    .action = action,
                    .object_type = object_id ? "case" : NULL,
                    .object_id = object_id,
                    .outcome = "ok",
                    .client_addr = "192.0.2.7",
                    .detail = NULL};
    assert_int_equal(store_begin(db), TK_OK);
    assert_int_equal(store_audit_append(db, &row), TK_OK);
    assert_int_equal(store_commit(db), TK_OK);
    return row.id;
}

static void append_five(Db *db)
{
    const char *actions[] = {"session.login", "case.read", "case.edit", "person.read", "session.logout"};
    for (int i = 0; i < 5; i++) {
        char object_id[16];
        snprintf(object_id, sizeof object_id, "%d", 100 + i);
        assert_int_equal(append(db, actions[i], "layla", object_id), i + 1);
    }
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *conn = NULL;
    assert_int_equal(sqlite3_open_v2(path, &conn, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    char *message = NULL;
    if (sqlite3_exec(conn, sql, NULL, NULL, &message) != SQLITE_OK)
        fail_msg("%s: %s", sql, message);
    sqlite3_close(conn);
}

typedef struct {
    int64_t ids[16];
    char messages[16][160];
    int count;
} Problems;

static void collect(void *context, int64_t id, const char *problem)
{
    Problems *problems = context;
    if (problems->count < 16) {
        problems->ids[problems->count] = id;
        snprintf(problems->messages[problems->count], sizeof problems->messages[0], "%s", problem);
    }
    problems->count++;
}

static int verify(Db *db, const uint8_t *with_key, Problems *problems, int64_t *rows)
{
    memset(problems, 0, sizeof *problems);
    return store_audit_verify(db, with_key, 0, NULL, collect, problems, rows);
}

static void test_verify_intact_chain(void **state)
{
    Fixture *fixture = *state;
    Problems problems;
    int64_t rows = -1;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);
    assert_int_equal(rows, 0);
    append_five(fixture->db);
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);
    assert_int_equal(rows, 5);
    assert_int_equal(problems.count, 0);

    int64_t head_id = 0;
    uint8_t head_hash[AUDIT_HASH_SIZE], zeros[AUDIT_HASH_SIZE] = {0};
    assert_int_equal(store_audit_head(fixture->db, &head_id, head_hash), TK_OK);
    assert_int_equal(head_id, 5);
    assert_memory_not_equal(head_hash, zeros, AUDIT_HASH_SIZE);

    /* another key cannot vouch for the rows */
    uint8_t other_key[32];
    memcpy(other_key, key, sizeof other_key);
    other_key[0] ^= 1;
    assert_int_equal(verify(fixture->db, other_key, &problems, &rows), TK_ERR_INVALID);
    assert_true(problems.count >= 1);
    assert_int_equal(problems.ids[0], 1);
}

static void test_edited_row_reported(void **state)
{
    Fixture *fixture = *state;
    append_five(fixture->db);
    raw_exec(fixture->path, "UPDATE audit SET action = 'case.list' WHERE id = 3");
    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_int_equal(rows, 5);
    assert_int_equal(problems.count, 1);
    assert_int_equal(problems.ids[0], 3);
}

static void test_edited_number_and_null_reported(void **state)
{
    Fixture *fixture = *state;
    append_five(fixture->db);
    raw_exec(fixture->path, "UPDATE audit SET at = at - 3600 WHERE id = 2;"
                            "UPDATE audit SET object_id = NULL WHERE id = 4");
    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_int_equal(problems.count, 2);
    assert_int_equal(problems.ids[0], 2);
    assert_int_equal(problems.ids[1], 4);
}

static void test_deleted_middle_row_reported(void **state)
{
    Fixture *fixture = *state;
    append_five(fixture->db);
    raw_exec(fixture->path, "DELETE FROM audit WHERE id = 3");
    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_int_equal(rows, 4);
    assert_int_equal(problems.count, 1);
    assert_int_equal(problems.ids[0], 4);
    assert_non_null(strstr(problems.messages[0], "missing"));
    assert_non_null(strstr(problems.messages[0], "3"));
}

static void test_deleted_middle_row_with_ids_renumbered_reported(void **state)
{
    Fixture *fixture = *state;
    append_five(fixture->db);
    /* hide the gap: delete row 3 and move 4 and 5 down */
    raw_exec(fixture->path, "DELETE FROM audit WHERE id = 3; UPDATE audit SET id = 3 WHERE id = 4;"
                            "UPDATE audit SET id = 4 WHERE id = 5; UPDATE sqlite_sequence SET seq = 4");
    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_int_equal(rows, 4);
    assert_true(problems.count >= 1);
    assert_int_equal(problems.ids[0], 3);
}

/* Swaps the columns of rows 2 and 3 (ids stay), with or without their stored hashes. */
static void swap_rows(const char *path, bool with_hash)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "CREATE TEMP TABLE saved AS SELECT * FROM audit WHERE id IN (2, 3);"
             "UPDATE audit SET (at, at_micros, user_id, username, unit_id, action, object_type, object_id, outcome,"
             " client_addr, detail%s) = (SELECT at, at_micros, user_id, username, unit_id, action, object_type,"
             " object_id, outcome, client_addr, detail%s FROM saved"
             " WHERE saved.id = CASE audit.id WHEN 2 THEN 3 ELSE 2 END) WHERE id IN (2, 3)",
             with_hash ? ", hash" : "", with_hash ? ", hash" : "");
    raw_exec(path, sql);
}

static void test_swapped_rows_reported(void **state)
{
    Fixture *fixture = *state;
    append_five(fixture->db);
    swap_rows(fixture->path, false);
    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_int_equal(rows, 5);
    assert_int_equal(problems.count, 2);
    assert_int_equal(problems.ids[0], 2);
    assert_int_equal(problems.ids[1], 3);
}

static void test_swapped_rows_with_their_hashes_reported(void **state)
{
    Fixture *fixture = *state;
    append_five(fixture->db);
    swap_rows(fixture->path, true);
    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    /* both rows, and the next one, which was chained to the old row 3 */
    assert_int_equal(problems.count, 3);
    assert_int_equal(problems.ids[0], 2);
    assert_int_equal(problems.ids[1], 3);
    assert_int_equal(problems.ids[2], 4);
}

static void test_deleted_last_row_reported(void **state)
{
    Fixture *fixture = *state;
    append_five(fixture->db);
    raw_exec(fixture->path, "DELETE FROM audit WHERE id = 5");
    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_int_equal(rows, 4);
    assert_int_equal(problems.count, 1);
    assert_int_equal(problems.ids[0], 5);
    assert_non_null(strstr(problems.messages[0], "end"));

    /* a row appended afterwards does not hide it: ids are never reused */
    assert_int_equal(append(fixture->db, "session.login", "omar", NULL), 6);
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_true(problems.count >= 1);
    assert_int_equal(problems.ids[0], 6);
}

/* Deleting the newest rows and the sequence entry with them escapes the chain alone; a head recorded earlier
 * (takamul audit head) catches it, and an edit behind a deleted row is flagged as unverifiable. */
static void test_truncation_caught_by_recorded_head(void **state)
{
    Fixture *fixture = *state;
    append_five(fixture->db);
    int64_t head_id = 0;
    uint8_t head_hash[AUDIT_HASH_SIZE];
    assert_int_equal(store_audit_head(fixture->db, &head_id, head_hash), TK_OK);
    assert_int_equal(head_id, 5);
    Problems problems;
    int64_t rows = 0;
    memset(&problems, 0, sizeof problems);
    assert_int_equal(store_audit_verify(fixture->db, key, head_id, head_hash, collect, &problems, &rows), TK_OK);
    raw_exec(fixture->path, "DELETE FROM audit WHERE id >= 4; UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit'");
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK); /* the chain alone cannot tell */
    memset(&problems, 0, sizeof problems);
    assert_int_equal(store_audit_verify(fixture->db, key, head_id, head_hash, collect, &problems, &rows),
                     TK_ERR_INVALID);
    assert_int_equal(problems.count, 1);
    assert_int_equal(problems.ids[0], 5);
    assert_non_null(strstr(problems.messages[0], "head"));
    /* a row after a deleted one is reported as unverifiable, so an edit there cannot hide */
    raw_exec(fixture->path, "DELETE FROM audit WHERE id = 2; UPDATE audit SET action = 'x' WHERE id = 3");
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_int_equal(problems.ids[0], 3);
    assert_non_null(strstr(problems.messages[0], "cannot be verified"));
}

static void test_deleted_first_row_reported(void **state)
{
    Fixture *fixture = *state;
    append_five(fixture->db);
    raw_exec(fixture->path, "DELETE FROM audit WHERE id = 1");
    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_int_equal(problems.count, 1);
    assert_int_equal(problems.ids[0], 2);
}

/* Lists with filter into the arrays; returns the count. */
static int list(Db *db, AuditFilter filter, Arena *arena, AuditRow **rows, int64_t *next)
{
    int count = -1;
    assert_int_equal(store_audit_list(db, &filter, arena, rows, &count, next), TK_OK);
    return count;
}

static void test_list_filters(void **state)
{
    Fixture *fixture = *state;
    append(fixture->db, "session.login", "layla", NULL); /* 1 */
    append(fixture->db, "case.read", "layla", "41");     /* 2 */
    append(fixture->db, "case.read", "omar", "42");      /* 3 */
    append(fixture->db, "case.edit", "omar", "42");      /* 4 */
    append(fixture->db, "case.read", "Layla", "43");     /* 5 */
    append(fixture->db, "session.login", NULL, NULL);    /* 6: nobody signed in */
    raw_exec(fixture->path, "UPDATE audit SET at = id * 1000");
    Arena arena;
    arena_init(&arena, 0);
    AuditRow *rows;
    int64_t next;

    int count = list(fixture->db, (AuditFilter){0}, &arena, &rows, &next);
    assert_int_equal(count, 6);
    assert_int_equal(next, 0);
    for (int i = 0; i < 6; i++)
        assert_int_equal(rows[i].id, 6 - i); /* newest first */
    assert_string_equal(rows[1].action, "case.read");
    assert_string_equal(rows[1].object_id, "43");
    assert_string_equal(rows[1].client_addr, "192.0.2.7");
    assert_null(rows[0].username);
    assert_null(rows[0].detail);

    count = list(fixture->db, (AuditFilter){.action = "case.read"}, &arena, &rows, &next);
    assert_int_equal(count, 3);
    assert_int_equal(rows[0].id, 5);
    assert_int_equal(rows[2].id, 2);

    count = list(fixture->db, (AuditFilter){.username = "LAYLA"}, &arena, &rows, &next);
    assert_int_equal(count, 3); /* names match without regard to case */

    count = list(fixture->db, (AuditFilter){.username = "omar", .action = "case.read"}, &arena, &rows, &next);
    assert_int_equal(count, 1);
    assert_int_equal(rows[0].id, 3);

    count = list(fixture->db, (AuditFilter){.object_type = "case", .object_id = "42"}, &arena, &rows, &next);
    assert_int_equal(count, 2);

    count = list(fixture->db, (AuditFilter){.from = 2000, .to = 4000}, &arena, &rows, &next);
    assert_int_equal(count, 3); /* both ends included */
    assert_int_equal(rows[0].id, 4);
    assert_int_equal(rows[2].id, 2);
    count = list(fixture->db, (AuditFilter){.from = 5001}, &arena, &rows, &next);
    assert_int_equal(count, 1);
    assert_int_equal(rows[0].id, 6);
    count = list(fixture->db, (AuditFilter){.to = 999}, &arena, &rows, &next);
    assert_int_equal(count, 0);

    count = list(fixture->db, (AuditFilter){.outcome = "denied"}, &arena, &rows, &next);
    assert_int_equal(count, 0);
    count = list(fixture->db, (AuditFilter){.action = "no.such"}, &arena, &rows, &next);
    assert_int_equal(count, 0);
    assert_int_equal(next, 0);
    arena_free(&arena);
}

static void test_list_cursor_paging(void **state)
{
    Fixture *fixture = *state;
    for (int i = 0; i < 7; i++)
        append(fixture->db, i == 6 ? "case.edit" : "case.read", "layla", NULL);
    Arena arena;
    arena_init(&arena, 0);
    AuditRow *rows;
    int64_t next;

    int count = list(fixture->db, (AuditFilter){.limit = 3}, &arena, &rows, &next);
    assert_int_equal(count, 3);
    assert_int_equal(rows[0].id, 7);
    assert_int_equal(rows[2].id, 5);
    assert_int_equal(next, 5);
    count = list(fixture->db, (AuditFilter){.limit = 3, .before_id = next}, &arena, &rows, &next);
    assert_int_equal(count, 3);
    assert_int_equal(rows[0].id, 4);
    assert_int_equal(rows[2].id, 2);
    assert_int_equal(next, 2);
    count = list(fixture->db, (AuditFilter){.limit = 3, .before_id = next}, &arena, &rows, &next);
    assert_int_equal(count, 1);
    assert_int_equal(rows[0].id, 1);
    assert_int_equal(next, 0);

    /* exactly a page's worth: no cursor to an empty page */
    count = list(fixture->db, (AuditFilter){.limit = 3, .action = "case.read", .before_id = 4}, &arena, &rows, &next);
    assert_int_equal(count, 3);
    assert_int_equal(next, 0);
    count = list(fixture->db, (AuditFilter){.limit = 6, .action = "case.read"}, &arena, &rows, &next);
    assert_int_equal(count, 6);
    assert_int_equal(next, 0);

    /* limits outside 1..500 fall back to 50 */
    count = list(fixture->db, (AuditFilter){.limit = 0}, &arena, &rows, &next);
    assert_int_equal(count, 7);
    count = list(fixture->db, (AuditFilter){.limit = 501}, &arena, &rows, &next);
    assert_int_equal(count, 7);
    count = list(fixture->db, (AuditFilter){.limit = -1}, &arena, &rows, &next);
    assert_int_equal(count, 7);
    arena_free(&arena);
}

static void test_list_limit_capped(void **state)
{
    Fixture *fixture = *state;
    assert_int_equal(store_begin(fixture->db), TK_OK);
    for (int i = 0; i < 510; i++) {
        AuditRow row = {.action = "case.read", .outcome = "ok"};
        assert_int_equal(store_audit_append(fixture->db, &row), TK_OK);
    }
    assert_int_equal(store_commit(fixture->db), TK_OK);
    Arena arena;
    arena_init(&arena, 0);
    AuditRow *rows;
    int64_t next;
    assert_int_equal(list(fixture->db, (AuditFilter){.limit = 500}, &arena, &rows, &next), 500);
    assert_int_equal(next, 11);
    /* past 500 is no licence to read everything at once: the default applies */
    assert_int_equal(list(fixture->db, (AuditFilter){.limit = 501}, &arena, &rows, &next), 50);
    assert_int_equal(next, 461);
    arena_free(&arena);
}

static void test_record_without_writer(void **state)
{
    Fixture *fixture = *state;
    AuditRow row = {.action = "export.run", .outcome = "ok", .detail = "rows=3"};
    assert_int_equal(store_audit_record(fixture->db, &row), TK_OK);
    assert_int_equal(store_audit_record(fixture->db, &row), TK_OK);
    assert_int_equal(row.id, 0); /* the caller's row is not touched */
    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);
    assert_int_equal(rows, 2);
    Arena arena;
    arena_init(&arena, 0);
    AuditRow *listed;
    int64_t next;
    assert_int_equal(list(fixture->db, (AuditFilter){.action = "export.run"}, &arena, &listed, &next), 2);
    assert_string_equal(listed[0].detail, "rows=3");
    arena_free(&arena);
    /* committed: nothing is left open on the connection */
    assert_int_equal(store_begin(fixture->db), TK_OK);
    store_rollback(fixture->db);
}

enum { THREADS = 8, ROWS_PER_THREAD = 25 };

typedef struct {
    int number;
    int failures;
    Db *db; /* a connection of its own, or NULL: every row through the writer */
} Worker;

static void *record_rows(void *argument)
{
    Worker *worker = argument;
    for (int i = 0; i < ROWS_PER_THREAD; i++) {
        char detail[32], username[16];
        snprintf(detail, sizeof detail, "t%d-r%d", worker->number, i);
        snprintf(username, sizeof username, "user%d", worker->number);
        AuditRow row = {.user_id = worker->number + 1,
                        .username = username,
                        .action = "case.read",
                        .object_type = "case",
                        .object_id = "9",
                        .outcome = "ok",
                        .detail = detail};
        /* with the writer running, the row is committed on the worker's own connection when the writer is idle,
         * otherwise on the writer's */
        if (store_audit_record(worker->db, &row) != TK_OK)
            worker->failures++;
    }
    return NULL;
}

static void test_writer_commits_rows_from_many_threads(void **state)
{
    Fixture *fixture = *state;
    append(fixture->db, "session.login", "layla", NULL); /* a row from this connection first */
    char error[256] = "";
    assert_int_equal(store_audit_writer_start(fixture->path, error), TK_OK);
    pthread_t threads[THREADS];
    Worker workers[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t] = (Worker){.number = t};
        if (t % 2 == 0)
            assert_int_equal(store_open(fixture->path, STORE_OPEN_EXISTING, &workers[t].db, error), TK_OK);
        assert_int_equal(pthread_create(&threads[t], NULL, record_rows, &workers[t]), 0);
    }
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(threads[t], NULL), 0);
        assert_int_equal(workers[t].failures, 0);
        store_close(workers[t].db);
    }
    store_audit_writer_stop();

    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);
    assert_int_equal(rows, 1 + THREADS * ROWS_PER_THREAD);
    /* every row is there exactly once, with its own text */
    Arena arena;
    arena_init(&arena, 0);
    for (int t = 0; t < THREADS; t++) {
        char username[16];
        snprintf(username, sizeof username, "user%d", t);
        AuditRow *listed;
        int64_t next;
        int count = list(fixture->db, (AuditFilter){.username = username, .limit = 500}, &arena, &listed, &next);
        assert_int_equal(count, ROWS_PER_THREAD);
        bool seen[ROWS_PER_THREAD] = {false};
        for (int i = 0; i < count; i++) {
            int thread = -1, number = -1;
            assert_int_equal(sscanf(listed[i].detail, "t%d-r%d", &thread, &number), 2);
            assert_int_equal(thread, t);
            assert_true(number >= 0 && number < ROWS_PER_THREAD);
            assert_false(seen[number]);
            seen[number] = true;
            assert_int_equal(listed[i].user_id, t + 1);
        }
    }
    arena_free(&arena);

    /* after the writer stops, rows are written directly again */
    AuditRow row = {.action = "session.logout", .outcome = "ok"};
    assert_int_equal(store_audit_record(fixture->db, &row), TK_OK);
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);
    assert_int_equal(rows, 2 + THREADS * ROWS_PER_THREAD);
}

typedef struct {
    atomic_int calls;
    atomic_int failures;
} Outcomes;

static void count_outcome(void *argument, int rc)
{
    Outcomes *outcomes = argument;
    atomic_fetch_add(&outcomes->calls, 1);
    if (rc != TK_OK)
        atomic_fetch_add(&outcomes->failures, 1);
}

static void test_submit_queues_copies_and_reports(void **state)
{
    Fixture *fixture = *state;
    Outcomes outcomes = {0};
    AuditRow row = {.action = "case.read", .outcome = "ok"};
    /* without a writer nothing is queued and done is never called */
    assert_false(store_audit_writer_running());
    assert_int_equal(store_audit_submit(&row, 1, count_outcome, &outcomes), TK_ERR_BUSY);

    char error[256] = "";
    assert_int_equal(store_audit_writer_start(fixture->path, error), TK_OK);
    assert_true(store_audit_writer_running());
    char texts[3][16] = {"first", "second", "third"};
    AuditRow rows[3];
    for (int i = 0; i < 3; i++)
        rows[i] = (AuditRow){.action = "person.read",
                             .object_type = "person",
                             .object_id = texts[i],
                             .outcome = "ok",
                             .detail = texts[i]};
    assert_int_equal(store_audit_submit(rows, 3, count_outcome, &outcomes), TK_OK);
    /* submit returns at once: the rows must have been copied */
    for (int i = 0; i < 3; i++)
        memset(texts[i], 'z', sizeof texts[i] - 1);
    assert_int_equal(store_audit_submit(&row, 1, count_outcome, &outcomes), TK_OK);
    store_audit_writer_stop(); /* commits what is queued */
    assert_false(store_audit_writer_running());
    assert_int_equal(atomic_load(&outcomes.calls), 2);
    assert_int_equal(atomic_load(&outcomes.failures), 0);
    assert_int_equal(store_audit_submit(&row, 1, count_outcome, &outcomes), TK_ERR_BUSY);
    assert_int_equal(atomic_load(&outcomes.calls), 2);

    Problems problems;
    int64_t checked = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &checked), TK_OK);
    assert_int_equal(checked, 4);
    Arena arena;
    arena_init(&arena, 0);
    AuditRow *listed;
    int64_t next;
    assert_int_equal(list(fixture->db, (AuditFilter){.action = "person.read"}, &arena, &listed, &next), 3);
    /* one submission's rows stay together and in order (newest first here) */
    assert_string_equal(listed[2].detail, "first");
    assert_string_equal(listed[1].detail, "second");
    assert_string_equal(listed[0].detail, "third");
    assert_string_equal(listed[0].object_id, "third");
    assert_int_equal(listed[1].id, listed[2].id + 1);
    assert_int_equal(listed[0].id, listed[1].id + 1);
    arena_free(&arena);
}

/* Appends count rows in one transaction; row i is about case (i % objects) + 1 and is a case.edit when i % 10 == 0. */
static void append_many(Db *db, int count, int objects)
{
    assert_int_equal(store_begin(db), TK_OK);
    for (int i = 0; i < count; i++) {
        char object_id[16];
        snprintf(object_id, sizeof object_id, "%d", i % objects + 1);
        AuditRow row = {.action = i % 10 == 0 ? "case.edit" : "case.read",
                        .object_type = "case",
                        .object_id = object_id,
                        .outcome = "ok"};
        assert_int_equal(store_audit_append(db, &row), TK_OK);
    }
    assert_int_equal(store_commit(db), TK_OK);
}

/* Pages through a list by record with the given page size and checks it against the ids a scan of the rows
 * would give: newest first, each once, the cursor ending on the last page. */
static void check_pages(Db *db, AuditFilter filter, int total, int objects, int object, bool edits_only)
{
    Arena arena;
    arena_init(&arena, 0);
    int64_t expected = total; /* the newest matching id, counting down */
    int seen = 0;
    for (;;) {
        AuditRow *rows;
        int count;
        int64_t next;
        assert_int_equal(store_audit_list(db, &filter, &arena, &rows, &count, &next), TK_OK);
        for (int i = 0; i < count; i++) {
            while (expected > 0 && ((expected - 1) % objects + 1 != object || (edits_only && (expected - 1) % 10)))
                expected--;
            assert_true(expected > 0);
            assert_int_equal(rows[i].id, expected);
            assert_string_equal(rows[i].object_type, "case");
            expected--;
            seen++;
        }
        if (!next)
            break;
        assert_int_equal(next, rows[count - 1].id);
        filter.before_id = next;
        arena_free(&arena);
    }
    while (expected > 0 && ((expected - 1) % objects + 1 != object || (edits_only && (expected - 1) % 10)))
        expected--;
    assert_int_equal(expected, 0); /* nothing left out */
    assert_true(seen > 0);
    arena_free(&arena);
}

static int64_t filed_upto(Db *db)
{
    Arena arena;
    arena_init(&arena, 0);
    int64_t remaining = -1;
    /* a batch of zero files nothing and tells how much is left */
    assert_int_equal(store_audit_file(db, 0, &remaining), TK_OK);
    arena_free(&arena);
    return remaining;
}

static void test_list_by_record_filed_and_unfiled(void **state)
{
    Fixture *fixture = *state;
    enum { TOTAL = 70000, OBJECTS = 97 }; /* past the first bucket of 65,536 rows */
    append_many(fixture->db, TOTAL, OBJECTS);
    assert_int_equal(filed_upto(fixture->db), TOTAL); /* nothing filed: everything read from the log */
    AuditFilter by_case = {.object_type = "case", .object_id = "42", .limit = 50};
    check_pages(fixture->db, by_case, TOTAL, OBJECTS, 42, false);

    /* filed up to a point inside the second bucket; the rest still only in the log */
    int64_t remaining = 0;
    assert_int_equal(store_audit_file(fixture->db, 66000, &remaining), TK_OK);
    assert_int_equal(remaining, TOTAL - 66000);
    check_pages(fixture->db, by_case, TOTAL, OBJECTS, 42, false);
    check_pages(fixture->db, (AuditFilter){.object_type = "case", .object_id = "97", .limit = 7}, TOTAL, OBJECTS, 97,
                false);
    /* other filters still apply to filed rows */
    check_pages(fixture->db, (AuditFilter){.object_type = "case", .object_id = "42", .action = "case.edit", .limit = 3},
                TOTAL, OBJECTS, 42, true);

    /* everything filed */
    assert_int_equal(store_audit_file(fixture->db, 100000, &remaining), TK_OK);
    assert_int_equal(remaining, 0);
    check_pages(fixture->db, by_case, TOTAL, OBJECTS, 42, false);

    /* a record never seen, and another type with the same id */
    Arena arena;
    arena_init(&arena, 0);
    AuditRow *rows;
    int count;
    int64_t next;
    AuditFilter nobody = {.object_type = "person", .object_id = "42"};
    assert_int_equal(store_audit_list(fixture->db, &nobody, &arena, &rows, &count, &next), TK_OK);
    assert_int_equal(count, 0);
    assert_int_equal(next, 0);
    arena_free(&arena);
}

static void test_verify_checks_index_by_record(void **state)
{
    Fixture *fixture = *state;
    append_many(fixture->db, 300, 7);
    int64_t remaining;
    assert_int_equal(store_audit_file(fixture->db, 200, &remaining), TK_OK);
    assert_int_equal(remaining, 100);
    Problems problems;
    int64_t rows;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);

    /* an entry deleted: an access hidden from searches by record */
    raw_exec(fixture->path, "DELETE FROM audit_objects WHERE audit_id = 150");
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_int_equal(problems.count, 1);
    assert_int_equal(problems.ids[0], 150);
    assert_non_null(strstr(problems.messages[0], "missing from the index by record"));

    int64_t filed = 0;
    assert_int_equal(store_audit_reindex(fixture->db, &filed), TK_OK);
    assert_int_equal(filed, 300);
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);

    /* an entry moved to another record, and one for a row not in the log */
    raw_exec(fixture->path, "UPDATE audit_objects SET object_id = '6' WHERE audit_id = 10;"
                            "INSERT INTO audit_objects VALUES (0, 'case', '1', 5000)");
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_ERR_INVALID);
    assert_int_equal(problems.count, 3); /* row 10 missing under its record, 10 under another, 5000 stray */
    assert_int_equal(store_audit_reindex(fixture->db, &filed), TK_OK);
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);
}

static void test_writer_files_rows_by_record(void **state)
{
    Fixture *fixture = *state;
    char error[256] = "";
    assert_int_equal(store_audit_writer_start(fixture->path, error), TK_OK);
    Outcomes outcomes = {0};
    enum { BATCHES = 50, PER_BATCH = 100 };
    for (int b = 0; b < BATCHES; b++) {
        AuditRow rows[PER_BATCH];
        char ids[PER_BATCH][16];
        for (int i = 0; i < PER_BATCH; i++) {
            snprintf(ids[i], sizeof ids[i], "%d", (b * PER_BATCH + i) % 13 + 1);
            rows[i] = (AuditRow){.action = "case.read", .object_type = "case", .object_id = ids[i], .outcome = "ok"};
        }
        assert_int_equal(store_audit_submit(rows, PER_BATCH, count_outcome, &outcomes), TK_OK);
    }
    while (atomic_load(&outcomes.calls) < BATCHES)
        sched_yield();
    assert_int_equal(atomic_load(&outcomes.failures), 0);
    /* under load, the writer files in batches as rows pile up */
    int64_t left = filed_upto(fixture->db);
    assert_true(left < BATCHES * PER_BATCH);
    store_audit_writer_stop(); /* files the rest */
    assert_int_equal(filed_upto(fixture->db), 0);
    Problems problems;
    int64_t rows;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);
    assert_int_equal(rows, BATCHES * PER_BATCH);
    check_pages(fixture->db, (AuditFilter){.object_type = "case", .object_id = "5", .limit = 100}, BATCHES * PER_BATCH,
                13, 5, false);
}

/* Rows committed on their caller's thread while the writer is idle: the chain holds them in order, rows queued
 * meanwhile wait for no one, and the writer still files what they leave unfiled without being stopped. */
static void test_rows_committed_by_their_caller(void **state)
{
    Fixture *fixture = *state;
    char error[256] = "";
    AuditRow row = {.action = "case.read", .object_type = "case", .object_id = "7", .outcome = "ok"};
    int rc = -1;
    /* no writer: nothing is committed this way */
    assert_false(store_audit_commit_now(fixture->db, &row, 1, &rc));
    assert_int_equal(store_audit_writer_start(fixture->path, error), TK_OK);
    enum { TOTAL = 5000 }; /* past two batches to file */
    int own = 0;
    Outcomes outcomes = {0};
    for (int i = 0; i < TOTAL; i++) {
        char detail[16];
        snprintf(detail, sizeof detail, "r%d", i);
        row = (AuditRow){
            .action = "case.read", .object_type = "case", .object_id = "7", .outcome = "ok", .detail = detail};
        if (store_audit_commit_now(fixture->db, &row, 1, &rc)) {
            assert_int_equal(rc, TK_OK);
            assert_int_equal(row.id, i + 1); /* the row's place in the chain is told back */
            own++;
        } else { /* the writer is filing or checkpointing: the row is queued */
            assert_int_equal(store_audit_submit(&row, 1, count_outcome, &outcomes), TK_OK);
            while (atomic_load(&outcomes.calls) < i + 1 - own)
                sched_yield();
        }
    }
    assert_true(own > TOTAL / 2);
    assert_int_equal(atomic_load(&outcomes.failures), 0);
    /* the writer was woken to file what they left, while running */
    for (int tries = 0; filed_upto(fixture->db) >= TOTAL - 2048 && tries < 500; tries++)
        usleep(10000);
    assert_true(filed_upto(fixture->db) < TOTAL - 2048);
    store_audit_writer_stop();
    assert_int_equal(filed_upto(fixture->db), 0);
    Problems problems;
    int64_t rows;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);
    assert_int_equal(rows, TOTAL);
    check_pages(fixture->db, (AuditFilter){.object_type = "case", .object_id = "7", .limit = 100}, TOTAL, 1, 1, false);
}

/* The connection's setting of PRAGMA synchronous: 2 (FULL) when its commits wait for the disk. */
static int64_t synchronous_level(Db *db)
{
    Query q = sql_query(db, "PRAGMA synchronous");
    int64_t level = sql_row(&q) ? sql_col_int(&q, 0) : -1;
    sql_done(&q);
    return level;
}

typedef struct {
    int number;
    int failures, early;
    Db *db;
} EarlyWorker;

/* As a search does: a read snapshot, the row committed early, the sync waited for at the end. */
static void *commit_rows_early(void *argument)
{
    EarlyWorker *worker = argument;
    for (int i = 0; i < ROWS_PER_THREAD; i++) {
        char detail[32];
        snprintf(detail, sizeof detail, "e%d-r%d", worker->number, i);
        AuditRow row = {.action = "person.search", .object_type = "person", .outcome = "ok", .detail = detail};
        if (store_read_begin(worker->db) != TK_OK) {
            worker->failures++;
            continue;
        }
        int64_t ticket = 0;
        if (store_audit_commit_early(worker->db, &row, 1, &ticket)) {
            if (ticket <= 0 || store_audit_wait_synced(ticket) != TK_OK)
                worker->failures++;
            worker->early++;
        } else if (store_audit_record(worker->db, &row) != TK_OK) { /* the writer was busy: queued */
            worker->failures++;
        }
        store_read_end(worker->db);
        if (synchronous_level(worker->db) != 2)
            worker->failures++;
    }
    return NULL;
}

/* An early commit, tried again while the writer holds the turn (filing rows by record when idle for a second). */
static bool commit_early_retrying(Db *db, AuditRow *row, int64_t *ticket)
{
    for (int tries = 0; tries < 2000; tries++) {
        if (store_audit_commit_early(db, row, 1, ticket))
            return true;
        usleep(1000);
    }
    return false;
}

/* Rows committed early (without waiting for the disk) by requests that then wait for the syncer: every row lands
 * once in the chain, each connection's commits wait for the disk again afterwards, and a failed sync fails the rows
 * it covered and none after it. */
static void test_rows_committed_early(void **state)
{
    Fixture *fixture = *state;
    char error[256] = "";
    AuditRow row = {.action = "person.search", .object_type = "person", .outcome = "ok", .detail = "1 results"};
    int64_t ticket = -1;
    /* no writer (a command-line tool): not this way */
    assert_false(store_audit_commit_early(fixture->db, &row, 1, &ticket));
    assert_int_equal(store_audit_writer_start(fixture->path, error), TK_OK);
    /* not inside a write transaction */
    assert_int_equal(store_begin(fixture->db), TK_OK);
    assert_false(store_audit_commit_early(fixture->db, &row, 1, &ticket));
    store_rollback(fixture->db);
    /* a ticket of 0 (nothing committed early) is done at once */
    assert_int_equal(store_audit_wait_synced(0), TK_OK);

    pthread_t threads[THREADS];
    EarlyWorker workers[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t] = (EarlyWorker){.number = t};
        assert_int_equal(store_open(fixture->path, STORE_OPEN_EXISTING, &workers[t].db, error), TK_OK);
        assert_int_equal(pthread_create(&threads[t], NULL, commit_rows_early, &workers[t]), 0);
    }
    int early = 0;
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(threads[t], NULL), 0);
        assert_int_equal(workers[t].failures, 0);
        early += workers[t].early;
        store_close(workers[t].db);
    }
    assert_true(early > 0);

#ifdef TAKAMUL_FAILPOINTS
    /* the next sync fails: the row it covered is failed, and no row is committed this way again (the pages the sync
     * could not write may be lost, and later rows follow them in the log); rows go the usual way instead */
    int64_t synced_before = 0;
    assert_true(commit_early_retrying(fixture->db, &row, &synced_before));
    assert_int_equal(store_audit_wait_synced(synced_before), TK_OK);
    failpoint_set(1, FAILPOINT_SYNC, false);
    assert_true(commit_early_retrying(fixture->db, &row, &ticket));
    assert_int_equal(store_audit_wait_synced(ticket), TK_ERR_IO);
    /* a row synced before the failure stays durable */
    assert_int_equal(store_audit_wait_synced(synced_before), TK_OK);
    failpoint_set(0, 0, false);
    int64_t later = 0;
    assert_false(store_audit_commit_early(fixture->db, &row, 1, &later));
    assert_int_equal(store_audit_wait_synced(ticket), TK_ERR_IO);
    assert_int_equal(store_audit_record(fixture->db, &row), TK_OK);
    int written = 3;
#else
    int written = 0;
#endif
    assert_int_equal(synchronous_level(fixture->db), 2);
    store_audit_writer_stop();
    /* a new start syncs again */
    assert_int_equal(store_audit_writer_start(fixture->path, error), TK_OK);
    assert_true(commit_early_retrying(fixture->db, &row, &ticket));
    assert_int_equal(store_audit_wait_synced(ticket), TK_OK);
    store_audit_writer_stop();
    written++;

    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(fixture->db, key, &problems, &rows), TK_OK);
    assert_int_equal(rows, THREADS * ROWS_PER_THREAD + written);
    Arena arena;
    arena_init(&arena, 0);
    AuditRow *listed;
    int64_t next;
    assert_int_equal(list(fixture->db, (AuditFilter){.action = "person.search", .limit = 500}, &arena, &listed, &next),
                     THREADS * ROWS_PER_THREAD + written);
    arena_free(&arena);
}

static void test_verify_before_and_after_the_index_migration(void **state)
{
    Fixture *fixture = *state;
    char path[700];
    snprintf(path, sizeof path, "%s/schema5.db", fixture->temp.dir);
    FILE *file = fopen(path, "w"); /* an empty file: a database of version 0 */
    assert_non_null(file);
    fclose(file);
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_OK);
    assert_int_equal(store_migrate_to(db, 5, error), TK_OK);
    append(db, "case.read", "layla", "7");
    append(db, "session.login", "layla", NULL);
    append(db, "case.read", "layla", "8");
    /* takamul check verifies before migrating: no index yet, nothing to report */
    Problems problems;
    int64_t rows = 0;
    assert_int_equal(verify(db, key, &problems, &rows), TK_OK);
    assert_int_equal(rows, 3);
    /* the migration files the rows already there */
    assert_int_equal(store_migrate_to(db, store_schema_latest(), error), TK_OK);
    int64_t remaining = -1;
    assert_int_equal(store_audit_file(db, 0, &remaining), TK_OK);
    assert_int_equal(remaining, 0);
    assert_int_equal(verify(db, key, &problems, &rows), TK_OK);
    Arena arena;
    arena_init(&arena, 0);
    AuditRow *listed;
    int count;
    int64_t next;
    AuditFilter by_case = {.object_type = "case", .object_id = "8"};
    assert_int_equal(store_audit_list(db, &by_case, &arena, &listed, &count, &next), TK_OK);
    assert_int_equal(count, 1);
    assert_int_equal(listed[0].id, 3);
    arena_free(&arena);
    store_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_verify_intact_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edited_row_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edited_number_and_null_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_middle_row_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_middle_row_with_ids_renumbered_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_swapped_rows_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_swapped_rows_with_their_hashes_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_last_row_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_first_row_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncation_caught_by_recorded_head, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_cursor_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_limit_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_without_writer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer_commits_rows_from_many_threads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submit_queues_copies_and_reports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_by_record_filed_and_unfiled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_checks_index_by_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer_files_rows_by_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rows_committed_by_their_caller, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rows_committed_early, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_before_and_after_the_index_migration, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
