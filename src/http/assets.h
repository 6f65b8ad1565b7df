/* Inside http/ only: the web interface's files, embedded or (for development) from a folder. */
#ifndef TAKAMUL_HTTP_ASSETS_H
#define TAKAMUL_HTTP_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const unsigned char *data;
    size_t size;
    bool owned; /* read from disk: the caller frees data */
    const char *content_type;
} Asset;

/* Finds the file for a URL path ("/" is index.html). web_dir NULL: embedded files. false when none. */
bool assets_find(const char *web_dir, const char *path, Asset *asset);

#endif
