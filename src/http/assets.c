#include "http/assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/embedded.h"

static const char *content_type_of(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".ttf", "font/ttf"},
        {".woff2", "font/woff2"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* Only plain relative names: letters, digits, '-', '_', '.', '/' and no "..". */
static bool safe_name(const char *name)
{
    if (!*name || strstr(name, "..") || name[0] == '/')
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' ||
              *c == '_' || *c == '.' || *c == '/'))
            return false;
    return true;
}

static bool read_file(const char *dir, const char *name, Asset *asset)
{
    char path[1024];
    /* Fonts come from the system's font packages, not from web/. */
    if (strncmp(name, "fonts/", 6) == 0)
        return false;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat info;
    if (stat(path, &info) != 0 || !S_ISREG(info.st_mode))
        return false;
    Buf buf;
    buf_init(&buf, 0);
    if (buf_read_file(&buf, path) != 0) {
        buf_free(&buf);
        return false;
    }
    size_t size = 0;
    unsigned char *data = (unsigned char *)buf_detach(&buf, &size);
    if (!data)
        data = (unsigned char *)strdup("");
    if (!data)
        return false;
    asset->data = data;
    asset->size = size;
    asset->owned = true;
    return true;
}

bool assets_find(const char *web_dir, const char *path, Asset *asset)
{
    const char *name = strcmp(path, "/") == 0 ? "index.html" : path + 1;
    if (!safe_name(name))
        return false;
    memset(asset, 0, sizeof *asset);
    asset->content_type = content_type_of(name);
    if (web_dir && read_file(web_dir, name, asset))
        return true;
    for (size_t i = 0; i < web_files_count; i++) {
        if (strcmp(web_files[i].name, name) == 0) {
            asset->data = web_files[i].data;
            asset->size = web_files[i].size;
            return true;
        }
    }
    return false;
}
