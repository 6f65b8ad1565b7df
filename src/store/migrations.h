/* Inside store/ only: the list of schema migrations. */
#ifndef TAKAMUL_STORE_MIGRATIONS_H
#define TAKAMUL_STORE_MIGRATIONS_H

#include "store/store.h"

typedef struct {
    int version;
    const char *summary;
    const char *sql;
    int (*then)(Db *db); /* NULL, or what the SQL cannot do, in the same transaction */
} Migration;

extern const Migration store_migrations[];
extern const int store_migrations_count;

#endif
