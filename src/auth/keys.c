#include "auth/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MASTER_SIZE = 32 };

char *keys_path_for(const char *db_path)
{
    size_t len = strlen(db_path);
    char *path = malloc(len + 5);
    if (path)
        snprintf(path, len + 5, "%s.key", db_path);
    return path;
}

static void derive(const uint8_t master[MASTER_SIZE], const char *purpose, uint8_t out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)purpose, strlen(purpose), master, MASTER_SIZE);
}

static int read_all(int fd, uint8_t *data, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, data + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return 0;
}

/* Reads the 32 bytes of an existing key file, refusing one of another size or readable by others.
 * 0, or -1 with a message in error. */
static int read_master(int fd, const char *path, uint8_t master[MASTER_SIZE], char error[256])
{
    struct stat info;
    if (fstat(fd, &info) != 0 || info.st_size != MASTER_SIZE || read_all(fd, master, MASTER_SIZE) != 0) {
        snprintf(error, 256, "key file %s is not %d bytes", path, MASTER_SIZE);
        return -1;
    }
    if (info.st_mode & 077) {
        snprintf(error, 256, "key file %s is readable by others; chmod 600 it", path);
        return -1;
    }
    /* another user's key file is not this server's: whoever owns it could read or replace the keys */
    if (info.st_uid != geteuid()) {
        snprintf(error, 256, "key file %s belongs to another user (uid %u, not %u); chown it to the server's user",
                 path, (unsigned)info.st_uid, (unsigned)geteuid());
        return -1;
    }
    return 0;
}

/* Creates a new key file (mode 0600, never over an existing file) holding master, synced to disk.
 * 0, or -1 with a message in error and no file left. */
static int write_master(const char *path, const uint8_t master[MASTER_SIZE], char error[256])
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(error, 256, "cannot create key file %s: %s", path, strerror(errno));
        return -1;
    }
    ssize_t written = write(fd, master, MASTER_SIZE);
    if (written != (ssize_t)MASTER_SIZE || fsync(fd) != 0) {
        close(fd);
        unlink(path);
        snprintf(error, 256, "cannot write key file %s", path);
        return -1;
    }
    close(fd);
    return 0;
}

int keys_load(const char *path, bool create, Keys *keys, char error[256])
{
    uint8_t master[MASTER_SIZE];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        randombytes_buf(master, sizeof master);
        if (write_master(path, master, error) != 0) {
            sodium_memzero(master, sizeof master);
            return -1;
        }
    } else if (fd < 0) {
        snprintf(error, 256, "cannot open key file %s: %s", path, strerror(errno));
        return -1;
    } else {
        int rc = read_master(fd, path, master, error);
        close(fd);
        if (rc != 0) {
            sodium_memzero(master, sizeof master);
            return -1;
        }
    }
    derive(master, "takamul audit chain", keys->audit);
    derive(master, "takamul csrf", keys->csrf);
    derive(master, "takamul sealed secrets", keys->sealed);
    sodium_memzero(master, sizeof master);
    return 0;
}

int keys_copy_file(const char *from, const char *to, char error[256])
{
    uint8_t master[MASTER_SIZE];
    int fd = open(from, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(error, 256, "cannot open key file %s: %s", from, strerror(errno));
        return -1;
    }
    int rc = read_master(fd, from, master, error);
    close(fd);
    if (rc == 0)
        rc = write_master(to, master, error);
    sodium_memzero(master, sizeof master);
    return rc;
}

void keys_wipe(Keys *keys)
{
    sodium_memzero(keys, sizeof *keys);
}

static Keys installed;

void keys_install(const Keys *keys)
{
    installed = *keys;
}

const Keys *keys_current(void)
{
    return &installed;
}
