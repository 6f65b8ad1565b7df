/* takamul: the command line: the usage, the options, and the command named (each in a file of its own,
 * command_*.c, over the common ground of console.c). */
#include <getopt.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "console.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "base/settings.h"

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
    "  unit add --db PATH CODE --type TYPE --name \"ARABIC NAME\" [--name-en \"ENGLISH NAME\"] [--agency mosd|psd]\n"
    "           [--governorate CODE]   (a new database has no unit: make the first administrator's here)\n"
    "  unit list --db PATH\n"
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
        OPT_REPAIR_COUNTS,
        OPT_NAME_EN,
        OPT_TYPE,
        OPT_AGENCY,
        OPT_GOVERNORATE
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
        {"name-en", required_argument, NULL, OPT_NAME_EN},
        {"type", required_argument, NULL, OPT_TYPE},
        {"agency", required_argument, NULL, OPT_AGENCY},
        {"governorate", required_argument, NULL, OPT_GOVERNORATE},
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
        case OPT_NAME_EN: options->name_en = optarg; break;
        case OPT_TYPE: options->type = optarg; break;
        case OPT_AGENCY: options->agency = optarg; break;
        case OPT_GOVERNORATE: options->governorate = optarg; break;
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
                return console_fail("at most %d --trusted-proxy options", PROXY_MAX);
            options->trusted_proxies[options->trusted_proxy_count++] = optarg;
            break;
        case OPT_CONFIG:
            if (settings_load_file(optarg, error) != 0)
                return console_fail("%s", error);
            break;
        case OPT_SET: {
            char *equals = strchr(optarg, '=');
            if (!equals)
                return console_fail("--set wants NAME=VALUE, got %s", optarg);
            *equals = '\0';
            if (settings_set(optarg, equals + 1, error) != 0)
                return console_fail("%s", error);
            break;
        }
        default: fprintf(stderr, "%s", usage_text); return 2;
        }
    }
    options->rest = argv + optind;
    options->rest_count = argc - optind;
    return 0;
}

/* The subcommands after the options are read (help and version come before). */
static const struct {
    const char *name;
    int (*run)(const Options *options);
} commands[] = {
#define MAIN_COMMAND_ENTRY(name) {#name, command_##name},
    CONSOLE_COMMANDS(MAIN_COMMAND_ENTRY)
#undef MAIN_COMMAND_ENTRY
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
        return console_fail("%s", "cannot initialise the cryptography library");
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
