/* Online backup: the engine copies one snapshot of the database into a new private file (engine_copy_into: for
 * SQLite, VACUUM INTO), which is then synced and published under its name without replacing anything. */
#include "store/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "store/engine.h"

/* Flushes a file (or a directory, for the names in it) to disk. 0 or -1 with errno. */
static int sync_path(const char *path, bool directory)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

int store_backup_take(Db *db, const char *path, char *temp_path, size_t temp_size, char error[256])
{
    if ((size_t)snprintf(temp_path, temp_size, "%s.partial-XXXXXX", path) >= temp_size) {
        snprintf(error, 256, "the backup's name is too long");
        return TK_ERR_INVALID;
    }
    /* An empty file of our own, private from the start: VACUUM INTO writes into an empty file. */
    int fd = mkstemp(temp_path);
    if (fd < 0) {
        snprintf(error, 256, "cannot create a file beside %.150s: %s", path, strerror(errno));
        temp_path[0] = '\0';
        return TK_ERR_IO;
    }
    close(fd);
    int rc = engine_copy_into(db, temp_path, error);
    if (rc == TK_OK && sync_path(temp_path, false) != 0) {
        snprintf(error, 256, "cannot sync the copy %.150s: %s", temp_path, strerror(errno));
        rc = TK_ERR_IO;
    }
    if (rc != TK_OK) {
        store_backup_discard(temp_path);
        temp_path[0] = '\0';
    }
    return rc;
}

void store_backup_discard(const char *temp_path)
{
    static const char *const companions[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof companions / sizeof companions[0]; i++) {
        char name[4200];
        if ((size_t)snprintf(name, sizeof name, "%s%s", temp_path, companions[i]) < sizeof name)
            unlink(name);
    }
}

int store_backup_publish(const char *temp_path, const char *path, char error[256])
{
    char *copy = strdup(path);
    if (!copy) {
        snprintf(error, 256, "out of memory");
        return TK_ERR_NOMEM;
    }
    int rc = TK_OK;
    /* link() never replaces a file, as rename() would: a file made at path meanwhile stays as it is. */
    if (link(temp_path, path) != 0) {
        rc = errno == EEXIST ? TK_ERR_EXISTS : TK_ERR_IO;
        snprintf(error, 256, "cannot name the copy %.150s: %s", path, strerror(errno));
        goto done;
    }
    if (sync_path(dirname(copy), true) != 0) {
        snprintf(error, 256, "cannot sync the directory of %.150s: %s", path, strerror(errno));
        unlink(path);
        rc = TK_ERR_IO;
        goto done;
    }
    unlink(temp_path);
done:
    free(copy);
    return rc;
}
