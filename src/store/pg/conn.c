/* A PostgreSQL connection of the driver (driver.c holds its statements and transactions): opened with the settings
 * every connection has, made again when found lost between requests, its errors mapped to Takamul's by SQLSTATE,
 * and the plain SQL of PostgreSQL's own that the engine's functions run (store_pg_exec, store_pg_value). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "store/pg/conn.h"
#include "store/pg/pg.h"

/* Sends the BEGIN of a read transaction still kept back, before SQL that does not go through a statement. */
void pg_send_pending_begin(Db *db)
{
    PgConn *pc = CONN(db);
    if (!pc->begin_pending)
        return;
    pc->begin_pending = false;
    PQclear(PQexec(pc->conn, PG_READ_BEGIN)); /* a failure shows in the statement that follows */
}

PGconn *store_pg_conn(Db *db)
{
    pg_send_pending_begin(db);
    return CONN(db)->conn;
}

void pg_remember_error(Db *db, const char *message)
{
    snprintf(CONN(db)->error, sizeof CONN(db)->error, "%s", message ? message : "");
    size_t len = strlen(CONN(db)->error);
    while (len && CONN(db)->error[len - 1] == '\n')
        CONN(db)->error[--len] = '\0';
}

int store_pg_sqlstate_error(const char *sqlstate)
{
    if (!sqlstate)
        return TK_ERR_DB;
    if (strcmp(sqlstate, "23505") == 0)
        return TK_ERR_EXISTS;
    if (strncmp(sqlstate, "23", 2) == 0)
        return TK_ERR_INVALID;
    if (strcmp(sqlstate, "40001") == 0 || strcmp(sqlstate, "40P01") == 0 || strcmp(sqlstate, "55P03") == 0)
        return TK_ERR_BUSY;
    if (strcmp(sqlstate, "53200") == 0)
        return TK_ERR_NOMEM;
    return TK_ERR_DB;
}

int store_pg_error(Db *db, const PGresult *result, const char *sql)
{
    const char *sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : NULL;
    snprintf(CONN(db)->sqlstate, sizeof CONN(db)->sqlstate, "%s", sqlstate ? sqlstate : "");
    if (!result) {
        pg_remember_error(db, PQerrorMessage(CONN(db)->conn));
        if (PQstatus(CONN(db)->conn) == CONNECTION_BAD) {
            log_error("the connection to PostgreSQL is lost: %s", CONN(db)->error);
            return TK_ERR_DB;
        }
        return TK_ERR_NOMEM;
    }
    const char *message = PQresultErrorMessage(result);
    /* a result made by libpq itself (the connection lost under it) has no message of its own: the connection's */
    pg_remember_error(db, message && *message ? message : PQerrorMessage(CONN(db)->conn));
    int rc = store_pg_sqlstate_error(PQresultErrorField(result, PG_DIAG_SQLSTATE));
    if (rc == TK_ERR_DB)
        log_error("statement failed: %s in: %.120s", CONN(db)->error, sql ? sql : "");
    return rc;
}

int store_pg_exec(Db *db, const char *sql, char error[256])
{
    pg_send_pending_begin(db);
    PGresult *result = PQexec(CONN(db)->conn, sql);
    ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    int rc = TK_OK;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        rc = store_pg_error(db, result, sql);
        if (error)
            snprintf(error, 256, "%.255s", CONN(db)->error);
    }
    PQclear(result);
    return rc;
}

int store_pg_value(Db *db, const char *sql, const char *param, char *out, size_t size)
{
    pg_send_pending_begin(db);
    PGresult *result = PQexecParams(CONN(db)->conn, sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
    int rc = TK_OK;
    if (!result || PQresultStatus(result) != PGRES_TUPLES_OK || PQntuples(result) != 1)
        rc = store_pg_error(db, result, sql);
    else
        snprintf(out, size, "%s", PQgetvalue(result, 0, 0));
    PQclear(result);
    return rc;
}

/* The settings of every connection, made again with it: a lock waited for longer than SQLite's busy timeout is
 * TK_ERR_BUSY; a transaction left open by a stuck client does not hold its locks forever; a connection opened to
 * read writes nothing. */
static int set_up(Db *db, char error[256])
{
    int rc = store_pg_exec(db,
                           "SET lock_timeout = '10s'; SET idle_in_transaction_session_timeout = '10min';"
                           " SET client_min_messages = warning",
                           error);
    if (rc == TK_OK && CONN(db)->read_only)
        rc = store_pg_exec(db, "SET default_transaction_read_only = on", error);
    return rc;
}

/* Between requests (no transaction open), a connection found lost is made again: its prepared statements are
 * prepared again as they are next used. */
void pg_reconnect(Db *db)
{
    PgConn *pc = CONN(db);
    log_warn("the connection to PostgreSQL was lost: connecting again");
    PQreset(pc->conn);
    pc->generation++;
    char error[256];
    if (PQstatus(pc->conn) == CONNECTION_OK)
        set_up(db, error);
    else
        pg_remember_error(db, PQerrorMessage(pc->conn));
}

/* Whether the statement that just failed found the connection ended: closed (libpq sees it once it reads what
 * is left), or ended by the server (SQLSTATE 57P01-57P03, an administrator's or a shutdown) or a connection error
 * (class 08), which may come before libpq has seen the socket close. */
bool pg_connection_ended(PgConn *pc)
{
    if (PQstatus(pc->conn) != CONNECTION_BAD)
        PQconsumeInput(pc->conn);
    return PQstatus(pc->conn) == CONNECTION_BAD || strncmp(pc->sqlstate, "57P0", 4) == 0 ||
           strncmp(pc->sqlstate, "08", 2) == 0;
}

void store_pg_display_name(const char *conninfo, char *out, size_t size)
{
    char *message = NULL;
    PQconninfoOption *options = PQconninfoParse(conninfo, &message);
    PQfreemem(message);
    if (!options) {
        snprintf(out, size, "a PostgreSQL database");
        return;
    }
    const char *user = NULL, *host = NULL, *port = NULL, *dbname = NULL;
    for (PQconninfoOption *o = options; o->keyword; o++) {
        if (!o->val || !*o->val)
            continue;
        if (strcmp(o->keyword, "user") == 0)
            user = o->val;
        else if (strcmp(o->keyword, "host") == 0)
            host = o->val;
        else if (strcmp(o->keyword, "port") == 0)
            port = o->val;
        else if (strcmp(o->keyword, "dbname") == 0)
            dbname = o->val;
    }
    snprintf(out, size, "postgresql://%s%s%s%s%s/%s", user ? user : "", user ? "@" : "", host ? host : "",
             port ? ":" : "", port ? port : "", dbname ? dbname : "");
    PQconninfoFree(options);
}

int store_pg_connect(Db *db, const char *conninfo, StoreOpenMode mode, char error_text[256])
{
    db->driver = &pg_driver;
    PgConn *pc = calloc(1, sizeof *pc);
    if (!pc) {
        snprintf(error_text, 256, "out of memory");
        return TK_ERR_NOMEM;
    }
    db->conn = pc;
    pc->generation = 1;
    pc->conn = PQconnectdb(conninfo);
    if (!pc->conn || PQstatus(pc->conn) != CONNECTION_OK) {
        char name[160];
        store_pg_display_name(conninfo, name, sizeof name);
        const char *message = pc->conn ? PQerrorMessage(pc->conn) : "out of memory";
        snprintf(error_text, 256, "cannot connect to %s: %.*s", name, (int)strcspn(message, "\n"), message);
        return TK_ERR_DB;
    }
    pc->read_only = mode == STORE_OPEN_READ_ONLY;
    char inner[256] = "";
    int rc = set_up(db, inner);
    if (rc != TK_OK)
        snprintf(error_text, 256, "cannot set up the connection: %s", inner);
    return rc;
}
