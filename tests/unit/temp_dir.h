/* A scratch directory for tests that need files: made under $TMPDIR (or /tmp), removed with its files. */
#ifndef TAKAMUL_TESTS_TEMP_DIR_H
#define TAKAMUL_TESTS_TEMP_DIR_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    char dir[512];
    char path[600]; /* scratch for temp_path */
} TempDir;

/* Makes the directory; returns 0 or -1. */
static inline int temp_dir_make(TempDir *temp)
{
    const char *base = getenv("TMPDIR");
    snprintf(temp->dir, sizeof temp->dir, "%s/takamul-unit-XXXXXX", base && *base ? base : "/tmp");
    return mkdtemp(temp->dir) ? 0 : -1;
}

/* The path of name inside the directory (in temp->path, overwritten by the next call). */
static inline const char *temp_path(TempDir *temp, const char *name)
{
    snprintf(temp->path, sizeof temp->path, "%s/%s", temp->dir, name);
    return temp->path;
}

/* Removes every file in the directory, then the directory. */
static inline void temp_dir_remove(TempDir *temp)
{
    DIR *dir = opendir(temp->dir);
    if (dir) {
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                continue;
            char file[1024];
            snprintf(file, sizeof file, "%s/%s", temp->dir, entry->d_name);
            unlink(file);
        }
        closedir(dir);
    }
    rmdir(temp->dir);
}

#endif
