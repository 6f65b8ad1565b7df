/* src/base/arena.c: alignment, block growth, one-off large allocations, string helpers, the byte counter,
 * reuse after arena_free and overflow checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"

enum { ALIGN = _Alignof(max_align_t) };

static void assert_aligned(const void *pointer)
{
    assert_non_null(pointer);
    assert_int_equal((uintptr_t)pointer % ALIGN, 0);
}

static void test_every_allocation_is_aligned(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 256);
    for (size_t size = 0; size < 300; size++) {
        unsigned char *p = arena_alloc(&arena, size);
        assert_aligned(p);
        memset(p, 0xAB, size ? size : 1); /* ASan catches a block that is too small */
    }
    assert_aligned(arena_strdup(&arena, "x"));
    assert_aligned(arena_printf(&arena, "%d", 7));
    assert_aligned(arena_calloc(&arena, 3, 5));
    arena_free(&arena);
}

static void test_many_small_then_one_huge(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 0);
    char *small[2000];
    for (int i = 0; i < 2000; i++) {
        small[i] = arena_alloc(&arena, 24);
        assert_aligned(small[i]);
        memset(small[i], i & 0x7F, 24);
    }
    size_t huge_size = 4u * 1024 * 1024;
    unsigned char *huge = arena_alloc(&arena, huge_size);
    assert_aligned(huge);
    memset(huge, 0x5A, huge_size);
    /* the small ones are untouched and the arena still hands out memory after the huge one */
    for (int i = 0; i < 2000; i++)
        for (int k = 0; k < 24; k++)
            assert_int_equal((unsigned char)small[i][k], i & 0x7F);
    char *after = arena_alloc(&arena, 16);
    assert_aligned(after);
    assert_true(after < (char *)huge || after >= (char *)huge + huge_size);
    assert_int_equal(huge[0], 0x5A);
    assert_int_equal(huge[huge_size - 1], 0x5A);
    arena_free(&arena);
}

static void test_allocations_do_not_overlap(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 128);
    unsigned char *blocks[100];
    for (int i = 0; i < 100; i++) {
        blocks[i] = arena_alloc(&arena, 40);
        memset(blocks[i], i, 40);
    }
    for (int i = 0; i < 100; i++)
        for (int k = 0; k < 40; k++)
            assert_int_equal(blocks[i][k], i);
    arena_free(&arena);
}

static void test_string_helpers(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 0);
    const char *source = "تكامل takamul";
    char *copy = arena_strdup(&arena, source);
    assert_string_equal(copy, source);
    assert_ptr_not_equal(copy, source);
    assert_null(arena_strdup(&arena, NULL));

    char *part = arena_strndup(&arena, "abcdef", 3);
    assert_string_equal(part, "abc");
    char *empty = arena_strndup(&arena, "abc", 0);
    assert_string_equal(empty, "");

    char *formatted = arena_printf(&arena, "%s-%05d-%c", "id", 42, 'z');
    assert_string_equal(formatted, "id-00042-z");
    char long_text[5000];
    memset(long_text, 'q', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    char *grown = arena_printf(&arena, "<%s>", long_text);
    assert_int_equal(strlen(grown), sizeof long_text + 1);
    assert_int_equal(grown[0], '<');
    assert_int_equal(grown[sizeof long_text], '>');
    arena_free(&arena);
}

static void test_total_counts_bytes_handed_out(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 0);
    assert_int_equal(arena.total, 0);
    arena_alloc(&arena, 1);
    assert_int_equal(arena.total, ALIGN);
    arena_alloc(&arena, ALIGN + 1);
    assert_int_equal(arena.total, 3 * ALIGN);
    arena_alloc(&arena, 100000);
    assert_true(arena.total >= 3 * ALIGN + 100000);
    assert_true(arena.total < 3 * ALIGN + 100000 + ALIGN);
    arena_free(&arena);
    assert_int_equal(arena.total, 0);
    assert_null(arena.head);
}

static void test_reuse_after_free(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 64);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 50; i++) {
            char *text = arena_printf(&arena, "round %d item %d", round, i);
            assert_non_null(text);
            assert_aligned(text);
        }
        assert_true(arena.total > 0);
        arena_free(&arena);
        assert_int_equal(arena.total, 0);
    }
    assert_int_equal(arena.block_size, 64);
    assert_string_equal(arena_strdup(&arena, "again"), "again");
    arena_free(&arena);
}

static void test_calloc_zeroes_and_refuses_overflow(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 0);
    unsigned char *dirty = arena_alloc(&arena, 64);
    memset(dirty, 0xFF, 64);
    arena_free(&arena);
    unsigned char *zeros = arena_calloc(&arena, 16, 4);
    for (int i = 0; i < 64; i++)
        assert_int_equal(zeros[i], 0);
    size_t total = arena.total;
    /* (SIZE_MAX / 16 + 2) * 16 wraps around to 16: a small block must not be handed out for it */
    assert_null(arena_calloc(&arena, SIZE_MAX / 16 + 2, 16));
    assert_null(arena_calloc(&arena, 16, SIZE_MAX / 16 + 2));
    assert_null(arena_calloc(&arena, SIZE_MAX / 2, 3));
    assert_null(arena_alloc(&arena, SIZE_MAX));
    assert_null(arena_alloc(&arena, SIZE_MAX - 8));
    assert_int_equal(arena.total, total);
    arena_free(&arena);
}

/* A failed allocation marks the arena for good (until it is emptied): a request that lost a copy cannot tell it
 * from an absent value, so it must be able to ask afterwards. */
static void test_failure_is_sticky_until_emptied(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 0);
    assert_false(arena.failed);
    assert_non_null(arena_strdup(&arena, "before"));
    assert_false(arena.failed);
    assert_null(arena_alloc(&arena, SIZE_MAX));
    assert_true(arena.failed);
    assert_non_null(arena_strdup(&arena, "after"));
    assert_true(arena.failed);
    arena_reset(&arena);
    assert_false(arena.failed);
    assert_null(arena_calloc(&arena, SIZE_MAX / 2, 3));
    assert_true(arena.failed);
    arena_free(&arena);
    assert_false(arena.failed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_is_aligned),
        cmocka_unit_test(test_failure_is_sticky_until_emptied),
        cmocka_unit_test(test_many_small_then_one_huge),
        cmocka_unit_test(test_allocations_do_not_overlap),
        cmocka_unit_test(test_string_helpers),
        cmocka_unit_test(test_total_counts_bytes_handed_out),
        cmocka_unit_test(test_reuse_after_free),
        cmocka_unit_test(test_calloc_zeroes_and_refuses_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
