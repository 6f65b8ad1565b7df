/* Fuzz target: the CSV reader and the import's row handling (header mapping, fields, validation), on a database in
 * memory-backed temporary storage: any input is read without crashing, fields stay inside the scratch buffer, and
 * the import either refuses the file or accounts for every row. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "domain/persons/person_import.h"
#include "store/audit.h"
#include "store/store.h"
#include "text/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Db *db;
static char db_dir[32];

static void remove_database(void)
{
    store_close(db);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char path[64];
        snprintf(path, sizeof path, "%s/fuzz.db%s", db_dir, suffixes[i]);
        unlink(path);
    }
    rmdir(db_dir);
}

static void ignore_rejected(void *context, int line, const char *field, const char *code)
{
    (void)context;
    if (line < 1 || !field || !code)
        abort();
}

static void open_database(void)
{
    snprintf(db_dir, sizeof db_dir, "/tmp/takamul-fuzz-XXXXXX");
    if (!mkdtemp(db_dir))
        abort();
    char path[64];
    snprintf(path, sizeof path, "%s/fuzz.db", db_dir);
    char error[256];
    if (store_open(path, STORE_OPEN_CREATE, &db, error) != TK_OK)
        abort();
    uint8_t key[32] = {1};
    store_set_audit_key(key);
    atexit(remove_database);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db)
        open_database();
    /* The reader alone: every field is a string inside the record. */
    CsvReader reader;
    csv_init(&reader, (const char *)data, size);
    char *fields[8];
    int line = 0, count, records = 0;
    while ((count = csv_next(&reader, fields, 8, &line)) > 0 && records++ < 10000)
        for (int i = 0; i < count && i < 8; i++)
            (void)strlen(fields[i]);
    csv_free(&reader);
    /* The whole import, rolled forward into the database. */
    Arena arena;
    arena_init(&arena, 0);
    Fault fault = {0};
    Ctx ctx = {.db = db, .arena = &arena, .fault = &fault, .client_addr = "fuzz", .command_line = true};
    ImportResult result;
    (void)domain_person_import(&ctx, (const char *)data, size, ignore_rejected, NULL, &result);
    arena_free(&arena);
    return 0;
}
