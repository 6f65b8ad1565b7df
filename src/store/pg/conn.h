/* Inside store/pg/ only: a connection of the PostgreSQL driver, shared by its statements (driver.c) and its
 * connection's life (conn.c). */
#ifndef TAKAMUL_STORE_PG_CONN_H
#define TAKAMUL_STORE_PG_CONN_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/driver.h"

typedef struct {
    PGconn *conn;
    int64_t changes;
    unsigned generation; /* bumped by each reset: statements prepared before it are prepared again */
    unsigned next_name;
    bool read_only;     /* opened to read only (STORE_OPEN_READ_ONLY), again when made again */
    bool begin_pending; /* a read transaction begun here, whose BEGIN goes with its first statement */
    char sqlstate[6];   /* of the last error, "" when it had none */
    char error[512];
} PgConn;

#define CONN(db) ((PgConn *)(db)->conn)

/* A read transaction's BEGIN: a snapshot for the whole of it, as a read transaction of SQLite in WAL mode. */
#define PG_READ_BEGIN "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

/* The driver's table of functions (driver.c), set on each connection opened. */
extern const SqlDriver pg_driver;
/* Sends the BEGIN of a read transaction still kept back (begin_pending), before SQL that does not go through a
 * statement. */
void pg_send_pending_begin(Db *db);
/* Keeps message (without its final newlines) as the connection's last error. */
void pg_remember_error(Db *db, const char *message);
/* Makes the connection again (PQreset) with its settings; its statements are prepared again as they are next used. */
void pg_reconnect(Db *db);
/* Whether the statement that just failed found the connection ended. */
bool pg_connection_ended(PgConn *pc);

#endif
