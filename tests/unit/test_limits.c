/* src/http/limits.c: the address check (length, query parameters as libmicrohttpd counts them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/limits.h"

static void test_uri_check(void **state)
{
    (void)state;
    assert_int_equal(limits_uri_check("/api/v1/health", 100, 3), URI_ACCEPTED);
    assert_int_equal(limits_uri_check("/api/v1/persons?q=a&limit=5&cursor=x", 100, 3), URI_ACCEPTED);
    assert_int_equal(limits_uri_check("/api/v1/persons?q=a&limit=5&cursor=x&sex=f", 100, 3), URI_TOO_MANY_PARAMETERS);
    assert_int_equal(limits_uri_check("/x?", 100, 0), URI_ACCEPTED);       /* an empty query files nothing */
    assert_int_equal(limits_uri_check("/x?&&&", 100, 3), URI_TOO_MANY_PARAMETERS); /* four empty parts */
    assert_int_equal(limits_uri_check("/x?a=1;b=2;c=3;d=4", 100, 1), URI_ACCEPTED); /* only '&' separates */
    char uri[200];
    memset(uri, 'a', sizeof uri - 1);
    uri[0] = '/';
    uri[sizeof uri - 1] = '\0';
    assert_int_equal(limits_uri_check(uri, sizeof uri - 1, 3), URI_ACCEPTED);
    assert_int_equal(limits_uri_check(uri, sizeof uri - 2, 3), URI_TOO_LONG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uri_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
