/* The copy of an online backup (SQLite): VACUUM INTO a new file, in one read transaction. SQLite's backup API, which
 * the sqlite3 shell's .backup uses, copies a few pages at a time and starts over whenever another connection writes;
 * under the audit writer's constant commits it never finishes. A read transaction in WAL mode sees one snapshot for
 * as long as it lasts and holds up no writer (the write-ahead log only grows meanwhile, since it cannot be
 * checkpointed past a reader). */
#include <stdio.h>

#include "base/err.h"
#include "store/engine.h"
#include "store/sql.h"
#include "store/sqlite/sqlite.h"

/* Makes the copy a file of its own: VACUUM INTO keeps the source's WAL mode in the file header, and a WAL-mode
 * file is opened with -wal and -shm files beside it, even to be read. */
static int make_self_contained(const char *path, char error[256])
{
    sqlite3 *conn = NULL;
    int rc = TK_OK;
    char *message = NULL;
    if (sqlite3_open_v2(path, &conn, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_exec(conn, "PRAGMA journal_mode = DELETE", NULL, NULL, &message) != SQLITE_OK) {
        snprintf(error, 256, "cannot finish the copy %s: %s", path,
                 message ? message
                 : conn  ? sqlite3_errmsg(conn)
                         : "out of memory");
        rc = TK_ERR_DB;
    }
    sqlite3_free(message);
    sqlite3_close(conn);
    return rc;
}

int sqlite_copy_into(Db *db, const char *path, char error[256])
{
    /* The copy is attached to the connection for the time of the statement, which the connection's limit of
     * attached databases (none, as hardening) would refuse. */
    sqlite3 *conn = store_sqlite_conn(db);
    int attached = sqlite3_limit(conn, SQLITE_LIMIT_ATTACHED, 1);
    Query q = (sql_query)(db, "VACUUM INTO :path");
    sql_text(&q, ":path", path);
    int rc = sql_exec(&q);
    if (rc != TK_OK)
        snprintf(error, 256, "the copy could not be taken: %.200s", sqlite3_errmsg(conn));
    sqlite3_limit(conn, SQLITE_LIMIT_ATTACHED, attached);
    if (rc == TK_OK)
        rc = make_self_contained(path, error);
    return rc;
}
