/* takamul backup: a copy of an SQLite database (and its key file) taken while the server runs, checked, then put in
 * its place under the name given, never over an existing file. */
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "console.h"
#include "auth/keys.h"
#include "store/backup.h"

/* Checks a backup's copy with the keys of the database it was taken from: integrity, foreign keys and the audit
 * chain, reported on standard error; sets head to the copy's audit head. 0 when all holds. */
static int check_copy(const char *copy_path, char head[HEAD_TEXT_SIZE])
{
    Db *copy = NULL;
    char error[256];
    if (store_open(copy_path, STORE_OPEN_READ_ONLY, &copy, error) != TK_OK)
        return console_fail("the copy cannot be opened: %s", error);
    int status = 0;
    if (store_check(copy, error) != TK_OK) {
        fprintf(stderr, "copy: %s\n", error);
        status = 1;
    } else {
        fprintf(stderr, "copy: integrity and foreign keys ok\n");
    }
    if (console_audit_verify(copy, NULL, stderr) != 0)
        status = 1;
    if (status == 0)
        status = console_audit_head(copy, head);
    store_close(copy);
    return status;
}

int command_backup(const Options *options)
{
    if (options->rest_count != 1 || !*options->rest[0])
        return console_fail("%s", "usage: takamul backup --db PATH OUT");
    const char *out = options->rest[0];
    if (options->db && store_names_postgres(options->db))
        return console_fail(
            "%s", "takamul backup copies an SQLite database: back up a PostgreSQL database with pg_dump (a "
                  "logical copy) or pg_basebackup (the whole cluster, with its write-ahead log), and keep its "
                  "key file with it (docs/deployment.md)");
    char *out_key = keys_path_for(out), *db_key = options->db ? console_key_file(options) : NULL;
    char temp[PATH_MAX] = "", error[256];
    struct stat info;
    Db *db = NULL;
    int status = 1;
    if (!out_key || (options->db && !db_key)) {
        console_fail("%s", "out of memory");
        goto done;
    }
    /* A backup never replaces a file: an earlier copy is worth more than a mistyped name. */
    if (lstat(out, &info) == 0 || lstat(out_key, &info) == 0) {
        console_fail(
            "%s exists: a backup never replaces a file; give a new name (e.g. with the date) or remove it first",
            lstat(out, &info) == 0 ? out : out_key);
        goto done;
    }
    if (console_open_database(options, STORE_OPEN_NO_MIGRATE, &db) != 0)
        goto done;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = store_backup_take(db, out, temp, sizeof temp, error);
    store_close(db);
    if (rc != TK_OK) {
        console_fail("%s", error);
        goto done;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (stat(temp, &info) == 0)
        fprintf(stderr, "copy taken: %.1f MiB in %.2f s\n", (double)info.st_size / (1024.0 * 1024.0),
                (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
    char head[HEAD_TEXT_SIZE];
    if (check_copy(temp, head) != 0) {
        console_fail("the copy failed its check and was removed; the database itself may need takamul check");
        goto done;
    }
    if (keys_copy_file(db_key, out_key, error) != 0) {
        console_fail("%s", error);
        goto done;
    }
    if (store_backup_publish(temp, out, error) != TK_OK) {
        unlink(out_key);
        console_fail("%s", error);
        goto done;
    }
    temp[0] = '\0';
    fprintf(stderr, "backup written to %s with its key file %s; its audit head (keep it elsewhere):\n", out, out_key);
    printf("%s\n", head);
    status = 0;
done:
    if (temp[0])
        store_backup_discard(temp);
    free(out_key);
    free(db_key);
    return status;
}
