/* Failpoints: in a test build (meson -Dfailpoints=true) the arena, the buffers and the store's statements fail at
 * the Nth call, as SQLite's tests make malloc and I/O fail, so that every error path runs. A normal build defines
 * FAILPOINT() as the constant false and pays nothing. Not to be confused with base/fault.h (a request's error).
 *
 * The environment, read once at start:
 *   TAKAMUL_FAIL_AT=N       the Nth counted call fails (unset or 0: calls are counted, none fails);
 *   TAKAMUL_FAIL_KINDS=...  which calls count, a comma list of arena, buf, sql, sync (default all four);
 *   TAKAMUL_FAIL_PERSIST=1  every counted call from the Nth on fails, not only the Nth;
 *   TAKAMUL_FAIL_BACKTRACE=1  the failing call's stack is printed too (addresses for addr2line);
 *   TAKAMUL_FAIL_FROM=signal  counting starts at SIGUSR1 (start-up is not counted), not at start.
 * The failing call is logged on stderr ("failpoint: call N (kind) fails"), and so is the count at exit. */
#ifndef TAKAMUL_BASE_FAILPOINT_H
#define TAKAMUL_BASE_FAILPOINT_H

#include <stdbool.h>

typedef enum {
    FAILPOINT_ARENA = 1, /* arena_alloc returns NULL */
    FAILPOINT_BUF = 2,   /* a buffer append fails as if memory ran out */
    FAILPOINT_SQL = 4,   /* sql_query, sql_row or sql_exec fails with TK_ERR_DB */
    FAILPOINT_SYNC = 8,  /* the syncer's sync of the write-ahead log fails (store/audit_writer.c) */
    FAILPOINT_ALL = 15,
} FailpointKind;

#ifdef TAKAMUL_FAILPOINTS
/* Counts one call of kind (when that kind is counted) and returns true when this call must fail. Thread-safe. */
bool failpoint_hit(FailpointKind kind);
/* For tests: counts calls of kinds afresh from 0 and fails the fail_at-th (0: none), or every one from it on. */
void failpoint_set(long fail_at, unsigned kinds, bool persist);
/* Calls counted so far, and how many were made to fail. */
long failpoint_count(void);
long failpoint_failures(void);
#define FAILPOINT(kind) failpoint_hit(kind)
#else
#define FAILPOINT(kind) false
#endif

#endif
