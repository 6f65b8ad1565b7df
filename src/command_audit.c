/* takamul audit verify, head, reindex: the audit chain checked, its head printed, its index by record rebuilt; the
 * check of the chain that takamul check and takamul backup use as well. */
#include <sodium.h>
#include <string.h>

#include "console.h"
#include "auth/keys.h"
#include "store/audit.h"

typedef struct {
    FILE *out;
    int problems;
} ProblemPrinter;

static void report_problem(void *context, int64_t id, const char *problem)
{
    ProblemPrinter *printer = context;
    printer->problems++;
    fprintf(printer->out, "audit row %lld: %s\n", (long long)id, problem);
}

/* Parses "ID:HEXHASH" as printed by takamul audit head. */
static int parse_head(const char *text, int64_t *id, uint8_t hash[AUDIT_HASH_SIZE])
{
    char *end = NULL;
    long long value = strtoll(text, &end, 10);
    size_t hash_len = 0;
    if (value <= 0 || !end || (*end != ':' && *end != ' ') ||
        sodium_hex2bin(hash, AUDIT_HASH_SIZE, end + 1, strlen(end + 1), NULL, &hash_len, NULL) != 0 ||
        hash_len != AUDIT_HASH_SIZE)
        return -1;
    *id = value;
    return 0;
}

/* Verifies the audit chain of an open database, against a recorded head when one is given; prints the outcome
 * to out. 0 when it holds. */
int console_audit_verify(Db *db, const char *expect, FILE *out)
{
    ProblemPrinter printer = {.out = out};
    int64_t rows = 0, expected_id = 0;
    uint8_t expected_hash[AUDIT_HASH_SIZE];
    if (expect && parse_head(expect, &expected_id, expected_hash) != 0)
        return console_fail("--expect wants ID:HASH as printed by takamul audit head, got %s", expect);
    int rc = store_audit_verify(db, keys_current()->audit, expected_id, expect ? expected_hash : NULL, report_problem,
                                &printer, &rows);
    if (rc == TK_OK) {
        fprintf(out, "audit chain intact: %lld rows; index by record consistent\n", (long long)rows);
        return 0;
    }
    if (rc == TK_ERR_INVALID)
        fprintf(out, "audit log BROKEN: %d problem(s) in %lld rows\n", printer.problems, (long long)rows);
    else
        fprintf(out, "audit log could not be read: %s\n", tk_err_name(rc));
    return 1;
}

/* The newest audit row of an open database as ID:HASH (as takamul audit head prints it). 0, or 1 when it cannot
 * be read. */
int console_audit_head(Db *db, char text[HEAD_TEXT_SIZE])
{
    int64_t id;
    uint8_t hash[AUDIT_HASH_SIZE];
    char hex[AUDIT_HASH_SIZE * 2 + 1];
    if (store_audit_head(db, &id, hash) != TK_OK)
        return console_fail("%s", "the audit head could not be read");
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    snprintf(text, HEAD_TEXT_SIZE, "%lld:%s", (long long)id, hex);
    return 0;
}

int command_audit(const Options *options)
{
    if (options->rest_count < 1)
        return console_fail("%s", "audit wants a subcommand: verify, head, reindex");
    Db *db;
    /* reading leaves the schema as it is; rebuilding the index needs the schema that has it */
    bool writes = strcmp(options->rest[0], "reindex") == 0;
    if (console_open_database(options, writes ? STORE_OPEN_EXISTING : STORE_OPEN_NO_MIGRATE, &db) != 0)
        return 1;
    int status = 1;
    if (strcmp(options->rest[0], "verify") == 0) {
        status = console_audit_verify(db, options->expect, stdout);
    } else if (strcmp(options->rest[0], "reindex") == 0) {
        int64_t filed = 0;
        int rc = store_audit_reindex(db, &filed);
        if (rc == TK_OK) {
            printf("audit index by record rebuilt: rows 1 to %lld filed\n", (long long)filed);
            status = 0;
        } else {
            console_fail("the index by record could not be rebuilt: %s", tk_err_name(rc));
        }
    } else if (strcmp(options->rest[0], "head") == 0) {
        char head[HEAD_TEXT_SIZE];
        if ((status = console_audit_head(db, head)) == 0)
            printf("%s\n", head);
    } else {
        console_fail("unknown audit subcommand %s", options->rest[0]);
    }
    store_close(db);
    return status;
}
