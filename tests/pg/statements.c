/* For tests/pg/run.sh: prints, as SQL for psql, every statement the store prepares through the seam (the texts
 * sql_query records in the program, store/sql.h), with PostgreSQL's numbered parameters; or, given a path, creates
 * an SQLite database there migrated to this program's schema, whose tables the test compares with PostgreSQL's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "store/driver.h"

static int compare_texts(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int print_statements(void)
{
    size_t count;
    const char *const *recorded = sql_statements(&count);
    const char **texts = calloc(count ? count : 1, sizeof *texts);
    if (!texts)
        return 1;
    size_t kept = 0;
    for (size_t i = 0; i < count; i++)
        if (recorded[i]) /* the linker may pad the section */
            texts[kept++] = recorded[i];
    qsort(texts, kept, sizeof *texts, compare_texts);
    static char numbered[200000];
    int number = 0, rc = 0;
    puts("CREATE TEMPORARY TABLE statements (n integer PRIMARY KEY, sql text NOT NULL);");
    for (size_t i = 0; i < kept; i++) {
        if (i && strcmp(texts[i], texts[i - 1]) == 0)
            continue; /* the same text at two call sites */
        if (sql_placeholders_numbered(texts[i], numbered, sizeof numbered) < 0 || strstr(numbered, "$sql$")) {
            fprintf(stderr, "cannot number the parameters of: %s\n", texts[i]);
            rc = 1;
            continue;
        }
        printf("INSERT INTO statements VALUES (%d, $sql$%s$sql$);\n", ++number, numbered);
    }
    free(texts);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 1)
        return print_statements();
    Db *db = NULL;
    char error[256];
    if (argc != 2 || store_open(argv[1], STORE_OPEN_CREATE, &db, error) != TK_OK) {
        fprintf(stderr, "usage: %s [sqlite-path] (%s)\n", argv[0], argc == 2 ? error : "");
        return 2;
    }
    store_close(db);
    return 0;
}
