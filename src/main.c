/* takamul: the command line. serve, init, demo, user, audit, check, backup. */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <time.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/keys.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/privileges.h"
#include "base/settings.h"
#include "domain/core/codes.h"
#include "domain/cases/cases.h"
#include "domain/demo/demo.h"
#include "domain/org/login.h"
#include "domain/org/org.h"
#include "domain/persons/person_import.h"
#include "domain/records/records.h"
#include "http/server.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/statistics.h"
#include "store/store.h"

#ifndef TAKAMUL_VERSION
#define TAKAMUL_VERSION "dev"
#endif

static const char usage_text[] =
    "usage: takamul COMMAND [options]\n"
    "\n"
    "  init   --db PATH                      create a database (and its key file PATH.key)\n"
    "  demo   --db PATH                      create a database if needed and fill it with the demo organisation\n"
    "  serve  --db PATH [--listen HOST:PORT] [--web-dir DIR] [--tls-cert PEM --tls-key PEM] [--user NAME]\n"
    "                                        serve the API and the web interface (default 127.0.0.1:8080)\n"
    "         [--trusted-proxy ADDR[/BITS],...] take the client's address from X-Forwarded-For when the peer is\n"
    "                                        one of these (repeatable)\n"
    "         [--metrics-listen HOST:PORT] [--metrics-token-file FILE]\n"
    "                                        serve /metrics on an address of its own, or on the main port to\n"
    "                                        \"Authorization: Bearer TOKEN\" (the token in FILE); else it is 404\n"
    "  user add --db PATH USERNAME --unit CODE --roles R1,R2 --name \"FULL NAME\" [--sex female|male]\n"
    "           [--password-stdin]\n"
    "  user list --db PATH\n"
    "  user disable --db PATH USERNAME\n"
    "  user passwd --db PATH USERNAME        (reads the new password from standard input)\n"
    "  user token --db PATH USERNAME [--label TEXT]   print a new API token\n"
    "  audit verify --db PATH [--expect ID:HASH]\n"
    "  audit reindex --db PATH                rebuild the audit log's index by record from the log\n"
    "                                        check the audit chain; names any edited, deleted or reordered row;\n"
    "                                        with --expect, also that a head recorded earlier is still there\n"
    "  audit head --db PATH                  print the newest audit row as ID:HASH, to keep elsewhere\n"
    "  import persons --db PATH FILE.csv     import persons from CSV (docs/import.md); rejected rows are listed\n"
    "  check --db PATH [--expect ID:HASH] [--repair-counts]\n"
    "                                        check the settings, the database, the statistics' counts and the\n"
    "                                        audit chain; --repair-counts makes counts that differ again\n"
    "  backup --db PATH OUT                  copy the database (and its key file, as OUT.key) while the server\n"
    "                                        runs; checks the copy and prints its audit head as ID:HASH;\n"
    "                                        never replaces an existing OUT\n"
    "  tasks refresh --db PATH               recompute every open case's tasks (after changing a timeframe)\n"
    "  records daily --db PATH               run the daily job now: seal the juvenile records of those turned 18\n"
    "                                        and list the cases past their retention (the server runs it at start\n"
    "                                        and at each midnight in Amman)\n"
    "  settings                              list the settings with their values\n"
    "  version\n"
    "\n"
    "Every command takes --config FILE (name = value lines) and --set NAME=VALUE to change settings.\n"
    "--db PATH is an SQLite file, or a PostgreSQL database: a libpq URI (postgresql://USER@HOST:PORT/NAME) or keyword\n"
    "string (host=… dbname=…). The key file is PATH.key beside an SQLite file; --key FILE names it (required with\n"
    "PostgreSQL, which has no file to put it beside).\n";

typedef struct {
    const char *db;
    const char *listen;
    const char *web_dir;
    const char *tls_cert, *tls_key;
    const char *run_as;
    const char *unit, *roles, *name, *sex, *label;
    const char *expect;
    const char *key;
    const char *trusted_proxies[PROXY_MAX];
    int trusted_proxy_count;
    const char *metrics_listen, *metrics_token_file;
    bool password_stdin;
    bool repair_counts;
    char **rest;
    int rest_count;
} Options;

__attribute__((format(printf, 1, 2))) static int fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "takamul: ");
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    return 1;
}

static int parse_options(int argc, char **argv, Options *options)
{
    enum {
        OPT_DB = 1,
        OPT_LISTEN,
        OPT_WEB,
        OPT_CERT,
        OPT_KEY,
        OPT_UNIT,
        OPT_ROLES,
        OPT_NAME,
        OPT_LABEL,
        OPT_STDIN,
        OPT_CONFIG,
        OPT_SET,
        OPT_EXPECT,
        OPT_SEX,
        OPT_USER,
        OPT_KEY_FILE,
        OPT_TRUSTED_PROXY,
        OPT_METRICS_LISTEN,
        OPT_METRICS_TOKEN,
        OPT_REPAIR_COUNTS
    };
    static const struct option longs[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"web-dir", required_argument, NULL, OPT_WEB},
        {"tls-cert", required_argument, NULL, OPT_CERT},
        {"tls-key", required_argument, NULL, OPT_KEY},
        {"unit", required_argument, NULL, OPT_UNIT},
        {"roles", required_argument, NULL, OPT_ROLES},
        {"name", required_argument, NULL, OPT_NAME},
        {"label", required_argument, NULL, OPT_LABEL},
        {"password-stdin", no_argument, NULL, OPT_STDIN},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"set", required_argument, NULL, OPT_SET},
        {"expect", required_argument, NULL, OPT_EXPECT},
        {"sex", required_argument, NULL, OPT_SEX},
        {"user", required_argument, NULL, OPT_USER},
        {"key", required_argument, NULL, OPT_KEY_FILE},
        {"trusted-proxy", required_argument, NULL, OPT_TRUSTED_PROXY},
        {"metrics-listen", required_argument, NULL, OPT_METRICS_LISTEN},
        {"metrics-token-file", required_argument, NULL, OPT_METRICS_TOKEN},
        {"repair-counts", no_argument, NULL, OPT_REPAIR_COUNTS},
        {NULL, 0, NULL, 0},
    };
    memset(options, 0, sizeof *options);
    options->listen = "127.0.0.1:8080";
    char error[256];
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (option) {
        case OPT_DB: options->db = optarg; break;
        case OPT_LISTEN: options->listen = optarg; break;
        case OPT_WEB: options->web_dir = optarg; break;
        case OPT_CERT: options->tls_cert = optarg; break;
        case OPT_KEY: options->tls_key = optarg; break;
        case OPT_UNIT: options->unit = optarg; break;
        case OPT_ROLES: options->roles = optarg; break;
        case OPT_NAME: options->name = optarg; break;
        case OPT_SEX: options->sex = optarg; break;
        case OPT_USER: options->run_as = optarg; break;
        case OPT_LABEL: options->label = optarg; break;
        case OPT_STDIN: options->password_stdin = true; break;
        case OPT_REPAIR_COUNTS: options->repair_counts = true; break;
        case OPT_EXPECT: options->expect = optarg; break;
        case OPT_KEY_FILE: options->key = optarg; break;
        case OPT_METRICS_LISTEN: options->metrics_listen = optarg; break;
        case OPT_METRICS_TOKEN: options->metrics_token_file = optarg; break;
        case OPT_TRUSTED_PROXY:
            if (options->trusted_proxy_count == PROXY_MAX)
                return fail("at most %d --trusted-proxy options", PROXY_MAX);
            options->trusted_proxies[options->trusted_proxy_count++] = optarg;
            break;
        case OPT_CONFIG:
            if (settings_load_file(optarg, error) != 0)
                return fail("%s", error);
            break;
        case OPT_SET: {
            char *equals = strchr(optarg, '=');
            if (!equals)
                return fail("--set wants NAME=VALUE, got %s", optarg);
            *equals = '\0';
            if (settings_set(optarg, equals + 1, error) != 0)
                return fail("%s", error);
            break;
        }
        default: fprintf(stderr, "%s", usage_text); return 2;
        }
    }
    options->rest = argv + optind;
    options->rest_count = argc - optind;
    return 0;
}

/* The key file of the database: --key, else PATH.key beside an SQLite file (NULL, with the reason printed, when
 * there is none: a PostgreSQL database without --key). To be freed. */
static char *key_file(const Options *options)
{
    if (options->key)
        return strdup(options->key);
    if (store_names_postgres(options->db)) {
        fail("%s", "--key FILE is required with a PostgreSQL database (its key file: docs/deployment.md)");
        return NULL;
    }
    return keys_path_for(options->db);
}

/* Opens the database and its keys for a command. */
static int open_database(const Options *options, StoreOpenMode mode, Db **db)
{
    if (!options->db)
        return fail("%s", "--db PATH is required");
    char error[256];
    char *key_path = key_file(options);
    if (!key_path)
        return 1;
    Keys keys;
    int rc = store_open(options->db, mode, db, error);
    if (rc != TK_OK) {
        free(key_path);
        return fail("%s", error);
    }
    if (keys_load(key_path, mode == STORE_OPEN_CREATE, &keys, error) != 0) {
        free(key_path);
        store_close(*db);
        *db = NULL;
        return fail("%s", error);
    }
    free(key_path);
    keys_install(&keys);
    store_set_audit_key(keys.audit);
    keys_wipe(&keys);
    return 0;
}

/* A console context: an administrator acting through the command line. */
static Ctx console_context(Db *db, Arena *arena, Fault *fault)
{
    return (Ctx){.db = db, .arena = arena, .fault = fault, .client_addr = "console", .command_line = true};
}

static void print_fault(const Fault *fault, int rc)
{
    fprintf(stderr, "takamul: %s", fault->code ? fault->code : tk_err_name(rc));
    for (int i = 0; i < fault->field_count; i++)
        fprintf(stderr, "%s%s: %s", i ? ", " : " (", fault->fields[i].field, fault->fields[i].code);
    fprintf(stderr, "%s\n", fault->field_count ? ")" : "");
}

/* Runs work in a console context on the database opened in mode, then lets go of both; a failure of work is printed
 * from its fault. 0 when work succeeded, 1 otherwise. */
static int run_console(const Options *options, StoreOpenMode mode, int (*work)(Ctx *ctx, const Options *options))
{
    Db *db;
    if (open_database(options, mode, &db) != 0)
        return 1;
    Arena arena;
    arena_init(&arena, 0);
    Fault fault = {0};
    Ctx ctx = console_context(db, &arena, &fault);
    int rc = work(&ctx, options);
    if (rc != TK_OK)
        print_fault(&fault, rc);
    arena_free(&arena);
    store_close(db);
    return rc == TK_OK ? 0 : 1;
}

/* Reads one line (a password) from standard input into out; trailing newline removed. */
static int read_password(char *out, size_t size)
{
    if (isatty(STDIN_FILENO))
        fprintf(stderr, "password: ");
    if (!fgets(out, (int)size, stdin))
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

static int command_init(const Options *options)
{
    Db *db;
    if (open_database(options, STORE_OPEN_CREATE, &db) != 0)
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

static int command_demo(const Options *options)
{
    return run_console(options, STORE_OPEN_CREATE, demo_fill);
}

static int command_user(const Options *options)
{
    if (options->rest_count < 1)
        return fail("%s", "user wants a subcommand: add, list, disable, passwd, token");
    const char *sub = options->rest[0];
    const char *username = options->rest_count > 1 ? options->rest[1] : NULL;
    Db *db;
    if (open_database(options, STORE_OPEN_EXISTING, &db) != 0)
        return 1;
    Arena arena;
    arena_init(&arena, 0);
    Fault fault = {0};
    Ctx ctx = console_context(db, &arena, &fault);
    int rc = TK_OK;
    char password[4200] = "";
    if (strcmp(sub, "list") == 0) {
        UserFilter filter = {.limit = 500};
        User *users;
        int count;
        int64_t next;
        do {
            if ((rc = domain_users_list(&ctx, &filter, &users, &count, &next)) != TK_OK)
                break;
            for (int i = 0; i < count; i++) {
                printf("%-20s %-9s ", users[i].username, users[i].status);
                for (int r = 0; r < codes_roles.count; r++)
                    if (users[i].roles & codes_roles.entries[r].bit)
                        printf("%s ", codes_roles.entries[r].code);
                printf(" %s\n", users[i].full_name);
            }
            filter.after_id = next;
        } while (next);
    } else if (!username) {
        rc = fault_field(&fault, TK_ERR_INVALID, "field.required", "USERNAME");
    } else if (strcmp(sub, "add") == 0) {
        Unit unit;
        uint32_t roles = 0;
        if (!options->unit || !options->roles || !options->name) {
            arena_free(&arena);
            store_close(db);
            return fail("%s", "user add needs --unit CODE --roles R1,R2 --name \"FULL NAME\"");
        }
        char roles_copy[256];
        snprintf(roles_copy, sizeof roles_copy, "%s", options->roles);
        for (char *save = NULL, *part = strtok_r(roles_copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
            uint32_t bit = codes_role_bit(part);
            if (!bit)
                rc = fault_field(&fault, TK_ERR_INVALID, "field.invalid", "roles");
            roles |= bit;
        }
        bool generated = false;
        if (rc == TK_OK && options->password_stdin) {
            if (read_password(password, sizeof password) != 0)
                rc = fault_field(&fault, TK_ERR_INVALID, "field.required", "password");
        } else if (rc == TK_OK) {
            /* No password given: make a strong one and show it once. */
            unsigned char random_bytes[15];
            randombytes_buf(random_bytes, sizeof random_bytes);
            sodium_bin2base64(password, sizeof password, random_bytes, sizeof random_bytes,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING);
            generated = true;
        }
        if (rc == TK_OK && (rc = domain_unit_get_by_code(&ctx, options->unit, &unit)) != TK_OK)
            fault_field(&fault, rc, "field.invalid", "unit");
        if (rc == TK_OK) {
            User user = {.username = (char *)username,
                         .full_name = (char *)options->name,
                         .sex = (char *)options->sex,
                         .unit_id = unit.id,
                         .roles = roles};
            rc = domain_user_create(&ctx, &user, password);
            if (rc == TK_OK)
                printf("user %s added to %s%s%s\n", username, unit.code, generated ? "; password: " : "",
                       generated ? password : "");
        }
    } else if (strcmp(sub, "disable") == 0 || strcmp(sub, "passwd") == 0) {
        User user;
        rc = domain_user_get_by_name(&ctx, username, &user);
        if (rc == TK_OK && strcmp(sub, "disable") == 0) {
            UserChanges changes = {.status = "disabled"};
            User result;
            rc = domain_user_update(&ctx, user.id, user.version, &changes, &result);
            if (rc == TK_OK)
                printf("user %s disabled; their sessions and tokens are ended\n", username);
        } else if (rc == TK_OK) {
            if (read_password(password, sizeof password) != 0)
                rc = fault_field(&fault, TK_ERR_INVALID, "field.required", "password");
            else if ((rc = domain_user_set_password(&ctx, user.id, password)) == TK_OK)
                printf("password of %s changed; their sessions are ended\n", username);
        }
    } else if (strcmp(sub, "token") == 0) {
        char token[TOKEN_TEXT_SIZE];
        rc = domain_token_create(&ctx, username, options->label ? options->label : "command line", token);
        if (rc == TK_OK)
            printf("%s\n", token);
        sodium_memzero(token, sizeof token);
    } else {
        arena_free(&arena);
        store_close(db);
        return fail("unknown user subcommand %s", sub);
    }
    sodium_memzero(password, sizeof password);
    if (rc != TK_OK)
        print_fault(&fault, rc);
    arena_free(&arena);
    store_close(db);
    return rc == TK_OK ? 0 : 1;
}

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
static int verify_chain(Db *db, const char *expect, FILE *out)
{
    ProblemPrinter printer = {.out = out};
    int64_t rows = 0, expected_id = 0;
    uint8_t expected_hash[AUDIT_HASH_SIZE];
    if (expect && parse_head(expect, &expected_id, expected_hash) != 0)
        return fail("--expect wants ID:HASH as printed by takamul audit head, got %s", expect);
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

enum { HEAD_TEXT_SIZE = 24 + AUDIT_HASH_SIZE * 2 };

/* The newest audit row of an open database as ID:HASH (as takamul audit head prints it). 0, or 1 when it cannot
 * be read. */
static int format_head(Db *db, char text[HEAD_TEXT_SIZE])
{
    int64_t id;
    uint8_t hash[AUDIT_HASH_SIZE];
    char hex[AUDIT_HASH_SIZE * 2 + 1];
    if (store_audit_head(db, &id, hash) != TK_OK)
        return fail("%s", "the audit head could not be read");
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    snprintf(text, HEAD_TEXT_SIZE, "%lld:%s", (long long)id, hex);
    return 0;
}

static int command_audit(const Options *options)
{
    if (options->rest_count < 1)
        return fail("%s", "audit wants a subcommand: verify, head, reindex");
    Db *db;
    /* reading leaves the schema as it is; rebuilding the index needs the schema that has it */
    bool writes = strcmp(options->rest[0], "reindex") == 0;
    if (open_database(options, writes ? STORE_OPEN_EXISTING : STORE_OPEN_NO_MIGRATE, &db) != 0)
        return 1;
    int status = 1;
    if (strcmp(options->rest[0], "verify") == 0) {
        status = verify_chain(db, options->expect, stdout);
    } else if (strcmp(options->rest[0], "reindex") == 0) {
        int64_t filed = 0;
        int rc = store_audit_reindex(db, &filed);
        if (rc == TK_OK) {
            printf("audit index by record rebuilt: rows 1 to %lld filed\n", (long long)filed);
            status = 0;
        } else {
            fail("the index by record could not be rebuilt: %s", tk_err_name(rc));
        }
    } else if (strcmp(options->rest[0], "head") == 0) {
        char head[HEAD_TEXT_SIZE];
        if ((status = format_head(db, head)) == 0)
            printf("%s\n", head);
    } else {
        fail("unknown audit subcommand %s", options->rest[0]);
    }
    store_close(db);
    return status;
}

/* The counts of the case load kept for the statistics (migration 32) against the cases; fix (--repair-counts) makes
 * those that differ again (docs/operations.md). */
static int check_counts(Db *db, bool fix)
{
    int differences = 0;
    char message[256];
    if (store_stat_counts_check(db, fix, &differences, message) != TK_OK) {
        printf("statistics counts: cannot be read\n");
        return 1;
    }
    if (!differences) {
        printf("statistics counts: ok\n");
        return 0;
    }
    printf("statistics counts: %d differ from the cases (the first: %s)%s\n", differences, message,
           fix ? "; made again from the cases" : "");
    return fix ? 0 : 1;
}

static int command_check(const Options *options)
{
    Db *db;
    if (open_database(options, STORE_OPEN_NO_MIGRATE, &db) != 0)
        return 1;
    int status = 0;
    char error[256];
    int version = store_schema_version(db);
    if (version < store_schema_latest()) {
        printf("schema: version %d, older than %d: it will be migrated when opened\n", version, store_schema_latest());
    } else {
        printf("schema: version %d (current)\n", version);
    }
    if (store_check(db, error) != TK_OK) {
        printf("database: %s\n", error);
        status = 1;
    } else {
        printf("database: integrity and foreign keys ok\n");
    }
    if (status == 0 && version >= store_schema_latest() && check_counts(db, options->repair_counts) != 0)
        status = 1;
    if (settings_get(SET_SESSION_IDLE_SECONDS) > settings_get(SET_SESSION_MAX_SECONDS)) {
        printf("settings: session_idle_seconds is longer than session_max_seconds\n");
        status = 1;
    } else if (settings_get(SET_MAX_URI_BYTES) > settings_get(SET_MAX_HEADER_BYTES)) {
        printf("settings: max_uri_bytes is larger than max_header_bytes, of which the address is a part\n");
        status = 1;
    } else {
        printf("settings: ok\n");
    }
    if (verify_chain(db, options->expect, stdout) != 0)
        status = 1;
    store_close(db);
    return status;
}

/* Checks a backup's copy with the keys of the database it was taken from: integrity, foreign keys and the audit
 * chain, reported on standard error; sets head to the copy's audit head. 0 when all holds. */
static int check_copy(const char *copy_path, char head[HEAD_TEXT_SIZE])
{
    Db *copy = NULL;
    char error[256];
    if (store_open(copy_path, STORE_OPEN_READ_ONLY, &copy, error) != TK_OK)
        return fail("the copy cannot be opened: %s", error);
    int status = 0;
    if (store_check(copy, error) != TK_OK) {
        fprintf(stderr, "copy: %s\n", error);
        status = 1;
    } else {
        fprintf(stderr, "copy: integrity and foreign keys ok\n");
    }
    if (verify_chain(copy, NULL, stderr) != 0)
        status = 1;
    if (status == 0)
        status = format_head(copy, head);
    store_close(copy);
    return status;
}

static int command_backup(const Options *options)
{
    if (options->rest_count != 1 || !*options->rest[0])
        return fail("%s", "usage: takamul backup --db PATH OUT");
    const char *out = options->rest[0];
    if (options->db && store_names_postgres(options->db))
        return fail("%s", "takamul backup copies an SQLite database: back up a PostgreSQL database with pg_dump (a "
                          "logical copy) or pg_basebackup (the whole cluster, with its write-ahead log), and keep its "
                          "key file with it (docs/deployment.md)");
    char *out_key = keys_path_for(out), *db_key = options->db ? key_file(options) : NULL;
    char temp[PATH_MAX] = "", error[256];
    struct stat info;
    Db *db = NULL;
    int status = 1;
    if (!out_key || (options->db && !db_key)) {
        fail("%s", "out of memory");
        goto done;
    }
    /* A backup never replaces a file: an earlier copy is worth more than a mistyped name. */
    if (lstat(out, &info) == 0 || lstat(out_key, &info) == 0) {
        fail("%s exists: a backup never replaces a file; give a new name (e.g. with the date) or remove it first",
             lstat(out, &info) == 0 ? out : out_key);
        goto done;
    }
    if (open_database(options, STORE_OPEN_NO_MIGRATE, &db) != 0)
        goto done;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = store_backup_take(db, out, temp, sizeof temp, error);
    store_close(db);
    if (rc != TK_OK) {
        fail("%s", error);
        goto done;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (stat(temp, &info) == 0)
        fprintf(stderr, "copy taken: %.1f MiB in %.2f s\n", (double)info.st_size / (1024.0 * 1024.0),
                (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
    char head[HEAD_TEXT_SIZE];
    if (check_copy(temp, head) != 0) {
        fail("the copy failed its check and was removed; the database itself may need takamul check");
        goto done;
    }
    if (keys_copy_file(db_key, out_key, error) != 0) {
        fail("%s", error);
        goto done;
    }
    if (store_backup_publish(temp, out, error) != TK_OK) {
        unlink(out_key);
        fail("%s", error);
        goto done;
    }
    temp[0] = '\0';
    fprintf(stderr, "backup written to %s with its key file %s; its audit head (keep it elsewhere):\n", out, out_key);
    printf("%s\n", head);
    status = 0;
done:
    if (temp[0])
        store_backup_discard(temp);
    free(out_key);
    free(db_key);
    return status;
}

typedef struct {
    int64_t shown;
} RejectPrinter;

static void print_rejected(void *context, int line, const char *field, const char *code)
{
    RejectPrinter *printer = context;
    if (printer->shown++ < 1000)
        printf("line %d: %s: %s\n", line, field, code);
}

static int command_import(const Options *options)
{
    if (options->rest_count < 2 || strcmp(options->rest[0], "persons") != 0)
        return fail("%s", "usage: takamul import persons --db PATH FILE.csv");
    const char *path = options->rest[1];
    Buf data;
    buf_init(&data, 0);
    if (buf_read_file(&data, path) != 0) {
        buf_free(&data);
        return fail("cannot read %s", path);
    }
    Db *db;
    if (open_database(options, STORE_OPEN_EXISTING, &db) != 0) {
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
        print_fault(&fault, rc);
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

static int tasks_refresh(Ctx *ctx, const Options *options)
{
    (void)options;
    int64_t count = 0;
    int rc = domain_cases_refresh_tasks(ctx, &count);
    if (rc == TK_OK)
        printf("recomputed the tasks of %lld open cases\n", (long long)count);
    return rc;
}

static int command_tasks(const Options *options)
{
    if (options->rest_count < 1 || strcmp(options->rest[0], "refresh") != 0)
        return fail("%s", "usage: takamul tasks refresh --db PATH");
    return run_console(options, STORE_OPEN_EXISTING, tasks_refresh);
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

static int command_records(const Options *options)
{
    if (options->rest_count < 1 || strcmp(options->rest[0], "daily") != 0)
        return fail("%s", "usage: takamul records daily --db PATH");
    return run_console(options, STORE_OPEN_EXISTING, records_daily);
}

static int command_settings(const Options *options)
{
    (void)options;
    for (int i = 0; i < SET_COUNT; i++)
        printf("%-26s %-10lld %s\n", settings_name((SettingId)i), (long long)settings_get((SettingId)i),
               settings_describe((SettingId)i));
    return 0;
}

static int command_serve(const Options *options)
{
    ServeOptions serve = {.db_path = options->db,
                          .listen = options->listen,
                          .web_dir = options->web_dir,
                          .tls_cert = options->tls_cert,
                          .tls_key = options->tls_key,
                          .trusted_proxies = options->trusted_proxies,
                          .trusted_proxy_count = options->trusted_proxy_count,
                          .metrics_listen = options->metrics_listen,
                          .metrics_token_file = options->metrics_token_file};
    /* the port and the TLS files with the privileges started with; then, as root, the server's own user; only then
     * the database and its key file, owned by that user */
    int rc = http_prepare(&serve);
    if (rc != 0)
        return rc;
    char error[256];
    if (options->run_as && privileges_drop(options->run_as, error) != 0)
        return fail("%s", error);
    if (!options->run_as && geteuid() == 0)
        log_info("serving as root: start with --user NAME to run as that user once the port is open");
    Db *db;
    if (open_database(options, STORE_OPEN_EXISTING, &db) != 0)
        return 1;
    store_close(db);
    return http_serve(&serve);
}

/* The subcommands after the options are read (help and version come before). */
static const struct {
    const char *name;
    int (*run)(const Options *options);
} commands[] = {
    {"init", command_init},   {"demo", command_demo},         {"user", command_user},     {"audit", command_audit},
    {"check", command_check}, {"backup", command_backup},     {"import", command_import}, {"records", command_records},
    {"tasks", command_tasks}, {"settings", command_settings}, {"serve", command_serve},
};

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        fprintf(argc < 2 ? stderr : stdout, "%s", usage_text);
        return argc < 2 ? 2 : 0;
    }
    /* Everything Takamul creates (database, its WAL and shared-memory files, the key file) is private. */
    umask(077);
    const char *command = argv[1];
    if (strcmp(command, "version") == 0 || strcmp(command, "--version") == 0) {
        printf("takamul %s\n", TAKAMUL_VERSION);
        return 0;
    }
    if (sodium_init() < 0 || password_init() != 0 || totp_init() != 0)
        return fail("%s", "cannot initialise the cryptography library");
    Options options;
    int rc = parse_options(argc - 1, argv + 1, &options);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(command, commands[i].name) == 0)
            return commands[i].run(&options);
    fprintf(stderr, "takamul: unknown command %s\n%s", command, usage_text);
    return 2;
}
