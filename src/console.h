/* The command line's own declarations, shared by main.c and the files of its commands (command_*.c, console.c);
 * nothing outside the command line includes this. */
#ifndef TAKAMUL_CONSOLE_H
#define TAKAMUL_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/chain.h"
#include "domain/core/context.h"
#include "http/proxy.h"
#include "store/store.h"

/* The options of every command, as parse_options in main.c reads them. */
typedef struct {
    const char *db;
    const char *listen;
    const char *web_dir;
    const char *tls_cert, *tls_key;
    const char *run_as;
    const char *unit, *roles, *name, *sex, *label;
    const char *name_en, *type, *agency, *governorate; /* of a unit (takamul unit add) */
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

/* Prints "takamul: " and the message on standard error; returns 1 (the exit code of a failed command). */
__attribute__((format(printf, 1, 2))) int console_fail(const char *format, ...);

/* The key file of the database: --key, else PATH.key beside an SQLite file (NULL, with the reason printed, when
 * there is none: a PostgreSQL database without --key). To be freed. */
char *console_key_file(const Options *options);
/* Opens the database and its keys for a command: 0, or 1 with the reason printed. */
int console_open_database(const Options *options, StoreOpenMode mode, Db **db);
/* A console context: an administrator acting through the command line. */
Ctx console_context(Db *db, Arena *arena, Fault *fault);
/* Prints a fault (its code and fields) on standard error. */
void console_print_fault(const Fault *fault, int rc);
/* Runs work in a console context on the database opened in mode, then lets go of both; a failure of work (a TkErr) is
 * printed from its fault, a positive return is one work printed itself (console_fail). 0 when work succeeded, 1
 * otherwise. */
int console_run(const Options *options, StoreOpenMode mode, int (*work)(Ctx *ctx, const Options *options));

enum { HEAD_TEXT_SIZE = 24 + AUDIT_HASH_SIZE * 2 };
/* Verifies the audit chain of an open database, against a recorded head (ID:HASH) when expect is given; prints the
 * outcome to out. 0 when it holds (command_audit.c). */
int console_audit_verify(Db *db, const char *expect, FILE *out);
/* The newest audit row of an open database as ID:HASH (as takamul audit head prints it). 0, or 1 when it cannot
 * be read (command_audit.c). */
int console_audit_head(Db *db, char text[HEAD_TEXT_SIZE]);

/* The commands, X(name) for each: declared below as command_NAME, and main.c dispatches by this one list. */
#define CONSOLE_COMMANDS(X)                                                                                            \
    X(init) X(unit) X(demo) X(settings) X(user) X(audit) X(check) X(backup) X(import) X(tasks) X(records) X(serve)

/* Each command is given the options read and returns the process's exit code (command_NAME in command_*.c). */
#define CONSOLE_COMMAND_DECLARE(name) int command_##name(const Options *options);
CONSOLE_COMMANDS(CONSOLE_COMMAND_DECLARE)
#undef CONSOLE_COMMAND_DECLARE

#endif
