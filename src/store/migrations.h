/* Inside store/ only: the list of schema migrations. */
#ifndef TAKAMUL_STORE_MIGRATIONS_H
#define TAKAMUL_STORE_MIGRATIONS_H

typedef struct {
    int version;
    const char *summary;
    const char *sql;
} Migration;

extern const Migration store_migrations[];
extern const int store_migrations_count;

#endif
