/* Growable byte buffer on the heap. */
#ifndef TAKAMUL_BASE_BUF_H
#define TAKAMUL_BASE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct Buf {
    char *data; /* always NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
    size_t limit;    /* 0: no limit; appends past it fail */
    bool failed;     /* an append failed: out of memory or past the limit */
    bool over_limit; /* it failed because the limit was passed (not for want of memory) */
} Buf;

void buf_init(Buf *buf, size_t limit);
/* Frees the storage; the buffer is empty and usable afterwards. */
void buf_free(Buf *buf);
/* Appends len bytes; returns 0, or -1 (and sets failed) when memory or the limit runs out. */
int buf_append(Buf *buf, const void *data, size_t len);
int buf_append_str(Buf *buf, const char *text);
int buf_printf(Buf *buf, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* Appends the whole of a file; returns 0, or -1 when it cannot be opened or read (or passes the limit). */
int buf_read_file(Buf *buf, const char *path);
/* Gives the caller the storage (caller frees); the buffer is left empty. */
char *buf_detach(Buf *buf, size_t *len);

#endif
