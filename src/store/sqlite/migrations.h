/* Inside store/ only: the list of schema migrations. */
#ifndef TAKAMUL_STORE_SQLITE_MIGRATIONS_H
#define TAKAMUL_STORE_SQLITE_MIGRATIONS_H

#include "store/store.h"

typedef struct {
    int version;
    const char *summary;
    const char *sql;
} Migration;

extern const Migration store_migrations[];
extern const int store_migrations_count;

/* Work a migration leaves for the program to do (what SQL cannot), named in the table pending_work (from schema
 * 10): done after the migrations, by the code of the schema they end at, each in a transaction of its own that
 * also removes its name, so that work cut short is done at the next start. */
typedef struct {
    const char *name;
    int (*run)(Db *db);
} PendingWork;

extern const PendingWork store_pending_work[];
extern const int store_pending_work_count;

#endif
