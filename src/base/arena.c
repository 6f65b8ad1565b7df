#include "base/arena.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/failpoint.h"

struct ArenaBlock {
    ArenaBlock *next;
    size_t size;
    size_t used;
    max_align_t data[];
};

enum { ARENA_DEFAULT_BLOCK = 8192, ARENA_ALIGN = _Alignof(max_align_t) };

void arena_init(Arena *arena, size_t block_size)
{
    arena->head = NULL;
    arena->block_size = block_size ? block_size : ARENA_DEFAULT_BLOCK;
    arena->total = 0;
    arena->failed = false;
}

/* Frees a chain of blocks. */
static void free_blocks(ArenaBlock *block)
{
    while (block) {
        ArenaBlock *next = block->next;
        free(block);
        block = next;
    }
}

void arena_free(Arena *arena)
{
    free_blocks(arena->head);
    arena->head = NULL;
    arena->total = 0;
    arena->failed = false;
}

void arena_reset(Arena *arena)
{
    ArenaBlock *keep = arena->head;
    if (!keep)
        return;
    free_blocks(keep->next);
    keep->next = NULL;
    keep->used = 0;
    arena->total = 0;
    arena->failed = false;
}

static void *out_of_memory(Arena *arena)
{
    arena->failed = true;
    return NULL;
}

void *arena_alloc(Arena *arena, size_t size)
{
    if (FAILPOINT(FAILPOINT_ARENA))
        return out_of_memory(arena);
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - ARENA_ALIGN)
        return out_of_memory(arena);
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    ArenaBlock *block = arena->head;
    if (!block || block->size - block->used < rounded) {
        size_t capacity = rounded > arena->block_size ? rounded : arena->block_size;
        if (capacity > SIZE_MAX - sizeof(ArenaBlock))
            return out_of_memory(arena);
        ArenaBlock *fresh = malloc(sizeof(ArenaBlock) + capacity);
        if (!fresh)
            return out_of_memory(arena);
        fresh->size = capacity;
        fresh->used = 0;
        /* A large one-off allocation goes behind the current block so the
         * current block's free space stays usable. */
        if (block && rounded > arena->block_size) {
            fresh->next = block->next;
            block->next = fresh;
        } else {
            fresh->next = block;
            arena->head = fresh;
        }
        block = fresh;
    }
    void *result = (char *)block->data + block->used;
    block->used += rounded;
    /* Every size handed out is rounded to the alignment and the data starts aligned: so is each result, and the
     * block is never overrun. */
    assert(((uintptr_t)result & (uintptr_t)(ARENA_ALIGN - 1)) == 0);
    assert(block->used <= block->size);
    arena->total += rounded;
    return result;
}

void *arena_calloc(Arena *arena, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return out_of_memory(arena);
    void *result = arena_alloc(arena, count * size);
    if (result)
        memset(result, 0, count * size);
    return result;
}

char *arena_strndup(Arena *arena, const char *text, size_t len)
{
    char *copy = arena_alloc(arena, len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}

char *arena_strdup(Arena *arena, const char *text)
{
    return text ? arena_strndup(arena, text, strlen(text)) : NULL;
}

char *arena_vprintf(Arena *arena, const char *format, va_list args)
{
    va_list copy;
    va_copy(copy, args);
    int len = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (len < 0)
        return NULL;
    char *out = arena_alloc(arena, (size_t)len + 1);
    if (out)
        vsnprintf(out, (size_t)len + 1, format, args);
    return out;
}

char *arena_printf(Arena *arena, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *out = arena_vprintf(arena, format, args);
    va_end(args);
    return out;
}

void *arena_grow(Arena *arena, void *items, int count, int *capacity, size_t size)
{
    /* The callers grow before they add, one item at a time: past the capacity, items were written out of bounds. */
    assert(count >= 0 && count <= *capacity);
    if (count < *capacity)
        return items;
    int next = *capacity ? *capacity * 2 : 16;
    void *grown = arena_alloc(arena, size * (size_t)next);
    if (!grown)
        return NULL;
    if (count)
        memcpy(grown, items, size * (size_t)count);
    *capacity = next;
    return grown;
}
