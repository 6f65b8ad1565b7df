/* src/http/proxy.c: the trusted proxies (addresses and networks, IPv4 and IPv6) and the client's address read from
 * X-Forwarded-For: only from a trusted peer, the right-most hop that is no trusted proxy, the peer on a malformed
 * header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/proxy.h"

static void test_list_parsing(void **state)
{
    (void)state;
    ProxyList list = {0};
    assert_int_equal(proxy_list_add(&list, "127.0.0.1"), 0);
    assert_int_equal(list.count, 1);
    assert_int_equal(proxy_list_add(&list, "10.0.0.0/8, ::1 ,fd00::/8,[2001:db8::7]"), 0);
    assert_int_equal(list.count, 5);
    /* refused whole: nothing of a bad list is added */
    assert_int_equal(proxy_list_add(&list, "10.1.1.1,not-an-address"), -1);
    assert_int_equal(proxy_list_add(&list, "10.1.1.1/33"), -1);
    assert_int_equal(proxy_list_add(&list, "::1/129"), -1);
    assert_int_equal(proxy_list_add(&list, "10.1.1.1/"), -1);
    assert_int_equal(proxy_list_add(&list, "10.1.1.1/8x"), -1);
    assert_int_equal(proxy_list_add(&list, ""), -1);
    assert_int_equal(proxy_list_add(&list, "1.2.3.4,"), -1);
    assert_int_equal(proxy_list_add(&list, "localhost"), -1);
    assert_int_equal(proxy_list_add(&list, "1.2.3"), -1);
    assert_int_equal(list.count, 5);
    /* at most PROXY_MAX */
    ProxyList full = {0};
    for (int i = 0; i < PROXY_MAX; i++)
        assert_int_equal(proxy_list_add(&full, "192.0.2.1"), 0);
    assert_int_equal(proxy_list_add(&full, "192.0.2.2"), -1);
}

static void test_trusted(void **state)
{
    (void)state;
    ProxyList list = {0};
    assert_int_equal(proxy_list_add(&list, "127.0.0.1,10.20.0.0/16,fd00::/8,2001:db8::7"), 0);
    assert_true(proxy_trusted(&list, "127.0.0.1"));
    assert_false(proxy_trusted(&list, "127.0.0.2"));
    assert_true(proxy_trusted(&list, "10.20.255.1"));
    assert_false(proxy_trusted(&list, "10.21.0.1"));
    assert_true(proxy_trusted(&list, "fd12:3456::1"));
    assert_false(proxy_trusted(&list, "fe80::1"));
    assert_true(proxy_trusted(&list, "2001:db8::7"));
    assert_true(proxy_trusted(&list, "2001:0db8:0:0::7"));
    assert_false(proxy_trusted(&list, "2001:db8::8"));
    /* an IPv4 peer seen through an IPv6 socket */
    assert_true(proxy_trusted(&list, "::ffff:127.0.0.1"));
    assert_false(proxy_trusted(&list, "unknown"));
    assert_false(proxy_trusted(&list, NULL));
    /* a prefix that is not a whole byte */
    ProxyList odd = {0};
    assert_int_equal(proxy_list_add(&odd, "192.168.4.0/22"), 0);
    assert_true(proxy_trusted(&odd, "192.168.7.255"));
    assert_false(proxy_trusted(&odd, "192.168.8.0"));
    assert_false(proxy_trusted(&odd, "192.168.3.255"));
    ProxyList everyone = {0};
    assert_int_equal(proxy_list_add(&everyone, "0.0.0.0/0"), 0);
    assert_true(proxy_trusted(&everyone, "203.0.113.9"));
    assert_false(proxy_trusted(&everyone, "2001:db8::1"));
}

static void test_client(void **state)
{
    (void)state;
    ProxyList list = {0};
    assert_int_equal(proxy_list_add(&list, "127.0.0.1,10.0.0.0/8"), 0);
    char client[PROXY_ADDRESS_SIZE];

    /* from an untrusted peer the header is ignored */
    assert_int_equal(proxy_client(&list, "203.0.113.5", "198.51.100.7", client), PROXY_PEER);
    assert_string_equal(client, "203.0.113.5");
    /* no header, or an empty one */
    assert_int_equal(proxy_client(&list, "127.0.0.1", NULL, client), PROXY_PEER);
    assert_string_equal(client, "127.0.0.1");
    assert_int_equal(proxy_client(&list, "127.0.0.1", "  ", client), PROXY_PEER);
    assert_string_equal(client, "127.0.0.1");
    /* the one hop */
    assert_int_equal(proxy_client(&list, "127.0.0.1", "198.51.100.7", client), PROXY_FORWARDED);
    assert_string_equal(client, "198.51.100.7");
    /* the right-most that is not a trusted proxy: what the client wrote itself on the left is not believed */
    assert_int_equal(proxy_client(&list, "127.0.0.1", "1.1.1.1, 198.51.100.7, 10.0.0.3", client), PROXY_FORWARDED);
    assert_string_equal(client, "198.51.100.7");
    /* every hop a trusted proxy: the furthest */
    assert_int_equal(proxy_client(&list, "127.0.0.1", "10.1.1.1,10.0.0.3", client), PROXY_FORWARDED);
    assert_string_equal(client, "10.1.1.1");
    /* IPv6, bracketed or not, written canonically */
    assert_int_equal(proxy_client(&list, "127.0.0.1", "2001:0db8:0000::0001", client), PROXY_FORWARDED);
    assert_string_equal(client, "2001:db8::1");
    assert_int_equal(proxy_client(&list, "127.0.0.1", "[2001:db8::2]", client), PROXY_FORWARDED);
    assert_string_equal(client, "2001:db8::2");
    assert_int_equal(proxy_client(&list, "127.0.0.1", "::ffff:198.51.100.9", client), PROXY_FORWARDED);
    assert_string_equal(client, "198.51.100.9");

    /* malformed: the peer's own address */
    const char *malformed[] = {"unknown",           "198.51.100.7, ", "198.51.100.7:443",
                               "198.51.100.7;evil", "<script>",       "1.2.3.4, 10.0.0.1, nope",
                               "999.1.1.1",         "2001:db8::1::2", "\"198.51.100.7\""};
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        assert_int_equal(proxy_client(&list, "127.0.0.1", malformed[i], client), PROXY_MALFORMED);
        assert_string_equal(client, "127.0.0.1");
    }
    /* garbage left of the client's hop is never read */
    assert_int_equal(proxy_client(&list, "127.0.0.1", "garbage, 198.51.100.7", client), PROXY_FORWARDED);
    assert_string_equal(client, "198.51.100.7");
    assert_int_equal(proxy_client(&list, "127.0.0.1", ",198.51.100.7", client), PROXY_FORWARDED);
    assert_string_equal(client, "198.51.100.7");
    /* an overlong hop */
    char longer[300];
    memset(longer, '1', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(proxy_client(&list, "127.0.0.1", longer, client), PROXY_MALFORMED);
    /* no trusted proxy at all: the peer, whatever the header */
    ProxyList none = {0};
    assert_int_equal(proxy_client(&none, "127.0.0.1", "198.51.100.7", client), PROXY_PEER);
    assert_string_equal(client, "127.0.0.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_parsing),
        cmocka_unit_test(test_trusted),
        cmocka_unit_test(test_client),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
