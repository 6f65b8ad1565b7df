/* A scratch SQLite database whose person index is loaded, for the unit tests of the search that write their persons
 * by hand (test_person_follow.c, test_person_lists.c): made in setup, freed in teardown, SQL run on it with exec. */
#ifndef TAKAMUL_TESTS_PERSONS_INDEX_DB_H
#define TAKAMUL_TESTS_PERSONS_INDEX_DB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "base/err.h"
#include "domain/persons/person_search.h"
#include "store/sqlite/sqlite.h"
#include "store/store.h"
#include "temp_dir.h"

static TempDir index_db_temp;
static Db *db;

/* Opens a new database named file in a new scratch directory and loads its (empty) person index; 0 or -1. */
static inline int index_db_open(const char *file)
{
    if (temp_dir_make(&index_db_temp) != 0)
        return -1;
    char error[256];
    if (store_open(temp_path(&index_db_temp, file), STORE_OPEN_CREATE, &db, error) != TK_OK)
        return -1;
    person_index_begin_loading();
    return person_index_load(db);
}

static inline int index_db_close(void **state)
{
    (void)state;
    person_index_free();
    store_close(db);
    temp_dir_remove(&index_db_temp);
    return 0;
}

/* Runs SQL on the database; a failure fails the test. */
static inline void index_db_exec(const char *sql)
{
    char error[256] = "";
    if (store_sqlite_exec(db, sql, error) != TK_OK)
        fail_msg("%s: %s", sql, error);
}

#endif
