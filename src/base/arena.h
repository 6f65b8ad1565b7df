/* Region allocator: many allocations, one free. Each request owns one. */
#ifndef TAKAMUL_BASE_ARENA_H
#define TAKAMUL_BASE_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
    ArenaBlock *head;
    size_t block_size;
    size_t total; /* bytes handed out, for limits and tests */
    /* An allocation has failed since the arena was made or emptied. Sticky, as SQLite's mallocFailed: code that
     * takes a NULL copy for an absent value cannot tell, so a request whose arena failed is answered 500 and
     * commits nothing (api_dispatch, DOMAIN_TRANSACTION). */
    bool failed;
} Arena;

/* Prepares an empty arena whose blocks are at least block_size bytes (0: default 8 KiB). */
void arena_init(Arena *arena, size_t block_size);
/* Frees every block; the arena can be used again afterwards. */
void arena_free(Arena *arena);
/* Empties the arena but keeps its newest block for reuse (loops that use an arena per item). */
void arena_reset(Arena *arena);
/* Returns size bytes aligned for any type, or NULL (and sets failed) when memory runs out. Owned by the arena. */
void *arena_alloc(Arena *arena, size_t size);
/* Like arena_alloc, zero-filled. */
void *arena_calloc(Arena *arena, size_t count, size_t size);
/* Copies len bytes and adds a NUL. Owned by the arena. */
char *arena_strndup(Arena *arena, const char *text, size_t len);
/* Room for one more item in an array of count items growing in the arena: returns items, or a copy twice as large
 * (capacity updated), or NULL when out of memory. */
void *arena_grow(Arena *arena, void *items, int count, int *capacity, size_t size);
/* Copies a NUL-terminated string (NULL gives NULL). Owned by the arena. */
char *arena_strdup(Arena *arena, const char *text);
/* printf into the arena. Owned by the arena; NULL on failure. */
char *arena_printf(Arena *arena, const char *format, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *arena, const char *format, va_list args) __attribute__((format(printf, 2, 0)));

#endif
