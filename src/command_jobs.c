/* takamul tasks refresh, records daily: the jobs the server runs on its own, run now by hand. */
#include <string.h>

#include "console.h"
#include "domain/cases/cases.h"
#include "domain/records/records.h"

static int tasks_refresh(Ctx *ctx, const Options *options)
{
    (void)options;
    int64_t count = 0;
    int rc = domain_cases_refresh_tasks(ctx, &count);
    if (rc == TK_OK)
        printf("recomputed the tasks of %lld open cases\n", (long long)count);
    return rc;
}

int command_tasks(const Options *options)
{
    if (options->rest_count < 1 || strcmp(options->rest[0], "refresh") != 0)
        return console_fail("%s", "usage: takamul tasks refresh --db PATH");
    return console_run(options, STORE_OPEN_EXISTING, tasks_refresh);
}

static int records_daily(Ctx *ctx, const Options *options)
{
    (void)options;
    int sealed = 0, listed = 0;
    bool ran = false;
    int rc = domain_records_daily(ctx, false, &sealed, &listed, &ran);
    if (rc == TK_OK)
        printf("sealed %d juvenile records; listed %d cases past their retention\n", sealed, listed);
    return rc;
}

int command_records(const Options *options)
{
    if (options->rest_count < 1 || strcmp(options->rest[0], "daily") != 0)
        return console_fail("%s", "usage: takamul records daily --db PATH");
    return console_run(options, STORE_OPEN_EXISTING, records_daily);
}
