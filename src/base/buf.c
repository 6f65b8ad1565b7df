#include "base/buf.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/failpoint.h"

void buf_init(Buf *buf, size_t limit)
{
    memset(buf, 0, sizeof(*buf));
    buf->limit = limit;
}

void buf_free(Buf *buf)
{
    free(buf->data);
    size_t limit = buf->limit;
    buf_init(buf, limit);
}

static int buf_reserve(Buf *buf, size_t extra)
{
    if (buf->failed)
        return -1;
    if (FAILPOINT(FAILPOINT_BUF)) {
        buf->failed = true;
        return -1;
    }
    if (extra > (size_t)-1 - buf->len - 1 || (buf->limit && buf->len + extra > buf->limit)) {
        buf->failed = true;
        buf->over_limit = true;
        return -1;
    }
    size_t need = buf->len + extra + 1;
    if (need <= buf->cap)
        return 0;
    size_t cap = buf->cap ? buf->cap : 256;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    char *grown = realloc(buf->data, cap);
    if (!grown) {
        buf->failed = true;
        return -1;
    }
    buf->data = grown;
    buf->cap = cap;
    assert(buf->len + extra < buf->cap); /* room for what comes and its NUL */
    return 0;
}

int buf_append(Buf *buf, const void *data, size_t len)
{
    if (buf_reserve(buf, len) != 0)
        return -1;
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    assert(buf->len < buf->cap);
    buf->data[buf->len] = '\0';
    return 0;
}

int buf_append_str(Buf *buf, const char *text)
{
    return buf_append(buf, text, strlen(text));
}

int buf_printf(Buf *buf, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    va_list copy;
    va_copy(copy, args);
    int len = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    int rc = -1;
    if (len >= 0 && buf_reserve(buf, (size_t)len) == 0) {
        vsnprintf(buf->data + buf->len, (size_t)len + 1, format, args);
        buf->len += (size_t)len;
        rc = 0;
    }
    va_end(args);
    return rc;
}

char *buf_detach(Buf *buf, size_t *len)
{
    char *data = buf->data;
    if (len)
        *len = buf->len;
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->failed = false;
    buf->over_limit = false;
    return data;
}

int buf_read_file(Buf *buf, const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return -1;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, file)) > 0 && buf_append(buf, chunk, n) == 0)
        ;
    int rc = ferror(file) || buf->failed ? -1 : 0;
    fclose(file);
    return rc;
}
