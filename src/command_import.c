/* takamul import persons: persons from a CSV file (docs/import.md), the rejected rows listed. */
#include <string.h>
#include <time.h>

#include "console.h"
#include "base/buf.h"
#include "domain/persons/person_import.h"

typedef struct {
    int64_t shown;
} RejectPrinter;

static void print_rejected(void *context, int line, const char *field, const char *code)
{
    RejectPrinter *printer = context;
    if (printer->shown++ < 1000)
        printf("line %d: %s: %s\n", line, field, code);
}

int command_import(const Options *options)
{
    if (options->rest_count < 2 || strcmp(options->rest[0], "persons") != 0)
        return console_fail("%s", "usage: takamul import persons --db PATH FILE.csv");
    const char *path = options->rest[1];
    Buf data;
    buf_init(&data, 0);
    if (buf_read_file(&data, path) != 0) {
        buf_free(&data);
        return console_fail("cannot read %s", path);
    }
    Db *db;
    if (console_open_database(options, STORE_OPEN_EXISTING, &db) != 0) {
        buf_free(&data);
        return 1;
    }
    Arena arena;
    arena_init(&arena, 0);
    Fault fault = {0};
    Ctx ctx = console_context(db, &arena, &fault);
    ImportResult result;
    RejectPrinter printer = {0};
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = domain_person_import(&ctx, data.data ? data.data : "", data.len, print_rejected, &printer, &result);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    if (printer.shown > 1000)
        printf("(%lld more rejected rows not shown)\n", (long long)(printer.shown - 1000));
    if (rc != TK_OK) {
        console_print_fault(&fault, rc);
        printf("import stopped: %lld persons were imported before the stop\n", (long long)result.imported);
    } else {
        printf("imported %lld persons, rejected %lld rows, in %.2f s (%.0f persons per second)\n",
               (long long)result.imported, (long long)result.rejected, seconds,
               seconds > 0 ? (double)result.imported / seconds : 0.0);
    }
    arena_free(&arena);
    store_close(db);
    buf_free(&data);
    return rc != TK_OK ? 2 : result.rejected ? 1 : 0;
}
