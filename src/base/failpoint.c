/* Failpoints (see failpoint.h): one counter shared by every thread, set from the environment at start. Only compiled
 * into builds made with -Dfailpoints=true. */
#include "base/failpoint.h"

#ifdef TAKAMUL_FAILPOINTS

#include <execinfo.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_long calls;
static atomic_long failures;
static atomic_bool counting = true;
static long fail_at;
static unsigned counted_kinds = FAILPOINT_ALL;
static bool persist;
static bool backtraces; /* TAKAMUL_FAIL_BACKTRACE=1: the failing call's stack on stderr (addr2line reads it) */

static const char *kind_name(FailpointKind kind)
{
    switch (kind) {
    case FAILPOINT_ARENA: return "arena";
    case FAILPOINT_BUF: return "buf";
    case FAILPOINT_SQL: return "sql";
    case FAILPOINT_SYNC: return "sync";
    default: return "all";
    }
}

bool failpoint_hit(FailpointKind kind)
{
    if (!(counted_kinds & (unsigned)kind) || !atomic_load_explicit(&counting, memory_order_relaxed))
        return false;
    long call = atomic_fetch_add(&calls, 1) + 1;
    if (fail_at <= 0 || call < fail_at || (call > fail_at && !persist))
        return false;
    atomic_fetch_add(&failures, 1);
    if (call == fail_at) {
        fprintf(stderr, "failpoint: call %ld (%s) fails\n", call, kind_name(kind));
        if (backtraces) {
            void *frames[32];
            backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
        }
    }
    return true;
}

void failpoint_set(long at, unsigned kinds, bool persistent)
{
    atomic_store(&calls, 0);
    atomic_store(&failures, 0);
    fail_at = at;
    counted_kinds = kinds & FAILPOINT_ALL;
    persist = persistent;
    atomic_store(&counting, true);
}

long failpoint_count(void)
{
    return atomic_load(&calls);
}

long failpoint_failures(void)
{
    return atomic_load(&failures);
}

static void start_counting(int signal_number)
{
    (void)signal_number;
    atomic_store(&counting, true);
}

static void report(void)
{
    fprintf(stderr, "failpoint: %ld calls counted, %ld failed (fail at %ld)\n", failpoint_count(), failpoint_failures(),
            fail_at);
}

static unsigned parse_kinds(const char *text)
{
    if (!text || !*text)
        return FAILPOINT_ALL;
    unsigned kinds = 0;
    char copy[64];
    snprintf(copy, sizeof copy, "%s", text);
    char *save = NULL;
    for (char *word = strtok_r(copy, ",", &save); word; word = strtok_r(NULL, ",", &save)) {
        if (strcmp(word, "arena") == 0)
            kinds |= FAILPOINT_ARENA;
        else if (strcmp(word, "buf") == 0)
            kinds |= FAILPOINT_BUF;
        else if (strcmp(word, "sql") == 0)
            kinds |= FAILPOINT_SQL;
        else if (strcmp(word, "sync") == 0)
            kinds |= FAILPOINT_SYNC;
        else if (strcmp(word, "all") == 0)
            kinds |= FAILPOINT_ALL;
        else
            fprintf(stderr, "failpoint: unknown kind %s in TAKAMUL_FAIL_KINDS (arena, buf, sql, sync, all)\n", word);
    }
    return kinds;
}

/* Runs before main: the counter must be set before the first allocation it counts. */
__attribute__((constructor)) static void failpoint_from_environment(void)
{
    const char *at = getenv("TAKAMUL_FAIL_AT");
    if (!at)
        return;
    const char *persistent = getenv("TAKAMUL_FAIL_PERSIST");
    failpoint_set(strtol(at, NULL, 10), parse_kinds(getenv("TAKAMUL_FAIL_KINDS")),
                  persistent && strcmp(persistent, "1") == 0);
    const char *trace = getenv("TAKAMUL_FAIL_BACKTRACE");
    backtraces = trace && strcmp(trace, "1") == 0;
    const char *from = getenv("TAKAMUL_FAIL_FROM");
    if (from && strcmp(from, "signal") == 0) {
        atomic_store(&counting, false);
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = start_counting;
        sigemptyset(&action.sa_mask);
        sigaction(SIGUSR1, &action, NULL);
    }
    atexit(report);
}

#else
/* ISO C wants a translation unit to declare something. */
typedef int failpoint_unused;
#endif
