/* The console's common ground: the message of a failed command, the database and its keys opened for a command, the
 * context of an administrator acting from the command line, and a fault printed. */
#include "console.h"

#include <stdlib.h>
#include <string.h>

#include "auth/keys.h"

__attribute__((format(printf, 1, 2))) int console_fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "takamul: ");
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    return 1;
}

/* The key file of the database: --key, else PATH.key beside an SQLite file (NULL, with the reason printed, when
 * there is none: a PostgreSQL database without --key). To be freed. */
char *console_key_file(const Options *options)
{
    if (options->key)
        return strdup(options->key);
    if (store_names_postgres(options->db)) {
        console_fail("%s", "--key FILE is required with a PostgreSQL database (its key file: docs/deployment.md)");
        return NULL;
    }
    return keys_path_for(options->db);
}

/* Opens the database and its keys for a command. */
int console_open_database(const Options *options, StoreOpenMode mode, Db **db)
{
    if (!options->db)
        return console_fail("%s", "--db PATH is required");
    char error[256];
    char *key_path = console_key_file(options);
    if (!key_path)
        return 1;
    Keys keys;
    int rc = store_open(options->db, mode, db, error);
    if (rc != TK_OK) {
        free(key_path);
        return console_fail("%s", error);
    }
    if (keys_load(key_path, mode == STORE_OPEN_CREATE, &keys, error) != 0) {
        free(key_path);
        store_close(*db);
        *db = NULL;
        return console_fail("%s", error);
    }
    free(key_path);
    keys_install(&keys);
    store_set_audit_key(keys.audit);
    keys_wipe(&keys);
    return 0;
}

/* A console context: an administrator acting through the command line. */
Ctx console_context(Db *db, Arena *arena, Fault *fault)
{
    return (Ctx){.db = db, .arena = arena, .fault = fault, .client_addr = "console", .command_line = true};
}

void console_print_fault(const Fault *fault, int rc)
{
    fprintf(stderr, "takamul: %s", fault->code ? fault->code : tk_err_name(rc));
    for (int i = 0; i < fault->field_count; i++)
        fprintf(stderr, "%s%s: %s", i ? ", " : " (", fault->fields[i].field, fault->fields[i].code);
    fprintf(stderr, "%s\n", fault->field_count ? ")" : "");
}

int console_run(const Options *options, StoreOpenMode mode, int (*work)(Ctx *ctx, const Options *options))
{
    Db *db;
    if (console_open_database(options, mode, &db) != 0)
        return 1;
    Arena arena;
    arena_init(&arena, 0);
    Fault fault = {0};
    Ctx ctx = console_context(db, &arena, &fault);
    int rc = work(&ctx, options);
    if (rc < 0)
        console_print_fault(&fault, rc);
    arena_free(&arena);
    store_close(db);
    return rc == TK_OK ? 0 : 1;
}
