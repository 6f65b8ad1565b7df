/* takamul init, demo, settings: a database made, filled with the demo organisation, and the settings listed. */

#include "console.h"
#include "base/settings.h"
#include "domain/demo/demo.h"

int command_init(const Options *options)
{
    Db *db;
    if (console_open_database(options, STORE_OPEN_CREATE, &db) != 0)
        return 1;
    char name[256];
    store_db_name(options->db, name, sizeof name);
    printf("database %s ready at schema version %d\n", name, store_schema_version(db));
    store_close(db);
    return 0;
}

static int demo_fill(Ctx *ctx, const Options *options)
{
    (void)options;
    return domain_demo_fill(ctx, stdout);
}

int command_demo(const Options *options)
{
    return console_run(options, STORE_OPEN_CREATE, demo_fill);
}

int command_settings(const Options *options)
{
    (void)options;
    for (int i = 0; i < SET_COUNT; i++)
        printf("%-26s %-10lld %s\n", settings_name((SettingId)i), (long long)settings_get((SettingId)i),
               settings_describe((SettingId)i));
    return 0;
}
