/* takamul unit add, list: the units of the organisation from the command line. A new database has none, and a user
 * belongs to one: the first administrator's unit is made here, the rest may be made here or on the web. */
#include <string.h>

#include "console.h"
#include "domain/core/codes.h"
#include "domain/org/org.h"

static int unit_add(Ctx *ctx, const Options *options)
{
    if (options->rest_count < 2 || !options->type || !options->name)
        return console_fail("%s", "unit add needs CODE --type TYPE --name \"ARABIC NAME\" [--name-en \"ENGLISH NAME\"]"
                                  " [--agency mosd|psd] [--governorate CODE]");
    const CodeEntry *type = codes_find(&codes_unit_types, options->type);
    if (type && !type->agency && !options->agency)
        return console_fail("unit add: a unit of type %s needs --agency (mosd or psd)", options->type);
    Unit unit = {.code = options->rest[1],
                 .name_ar = (char *)options->name,
                 .name_en = (char *)(options->name_en ? options->name_en : options->name),
                 .type = (char *)options->type,
                 /* a type that belongs to one agency gives it */
                 .agency = (char *)(options->agency ? options->agency
                                    : type          ? type->agency
                                                    : NULL),
                 .governorate = (char *)options->governorate};
    int rc = domain_unit_create(ctx, &unit);
    if (rc == TK_OK)
        printf("unit %s added (%s, %s)\n", unit.code, unit.type, unit.agency);
    return rc;
}

static int unit_list(Ctx *ctx)
{
    UnitFilter filter = {.limit = 500};
    Unit *units;
    int count, rc;
    int64_t next;
    do {
        if ((rc = domain_units_list(ctx, &filter, &units, &count, &next)) != TK_OK)
            return rc;
        for (int i = 0; i < count; i++)
            printf("%-16s %-20s %-5s %-8s %-12s %s\n", units[i].code, units[i].type, units[i].agency, units[i].status,
                   units[i].governorate ? units[i].governorate : "-", units[i].name_ar);
        filter.after_id = next;
    } while (next);
    return TK_OK;
}

static int unit_work(Ctx *ctx, const Options *options)
{
    if (strcmp(options->rest[0], "add") == 0)
        return unit_add(ctx, options);
    if (strcmp(options->rest[0], "list") == 0)
        return unit_list(ctx);
    return console_fail("unknown unit subcommand %s", options->rest[0]);
}

int command_unit(const Options *options)
{
    if (options->rest_count < 1)
        return console_fail("%s", "unit wants a subcommand: add, list");
    return console_run(options, STORE_OPEN_EXISTING, unit_work);
}
