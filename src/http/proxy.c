#include "http/proxy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses an address of IPv4 or IPv6 (in brackets or not) of len bytes into 16 bytes, IPv4 as IPv4-mapped. */
static bool parse_address(const char *text, size_t len, uint8_t out[16], bool *v4)
{
    char copy[PROXY_ADDRESS_SIZE + 2];
    if (len >= 2 && text[0] == '[' && text[len - 1] == ']') {
        text++;
        len -= 2;
    }
    if (len == 0 || len >= sizeof copy)
        return false;
    memcpy(copy, text, len);
    copy[len] = '\0';
    struct in_addr address4;
    if (inet_pton(AF_INET, copy, &address4) == 1) {
        memset(out, 0, 10);
        out[10] = out[11] = 0xff;
        memcpy(out + 12, &address4, 4);
        *v4 = true;
        return true;
    }
    struct in6_addr address6;
    if (inet_pton(AF_INET6, copy, &address6) == 1) {
        memcpy(out, &address6, 16);
        static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        *v4 = memcmp(out, mapped, sizeof mapped) == 0;
        return true;
    }
    return false;
}

static void format_address(const uint8_t address[16], bool v4, char out[PROXY_ADDRESS_SIZE])
{
    if (v4)
        inet_ntop(AF_INET, address + 12, out, PROXY_ADDRESS_SIZE);
    else
        inet_ntop(AF_INET6, address, out, PROXY_ADDRESS_SIZE);
}

static bool net_contains(const ProxyNet *net, const uint8_t address[16])
{
    int whole = net->prefix / 8, rest = net->prefix % 8;
    if (memcmp(net->address, address, (size_t)whole) != 0)
        return false;
    if (!rest)
        return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (net->address[whole] & mask) == (address[whole] & mask);
}

static bool list_contains(const ProxyList *list, const uint8_t address[16])
{
    for (int i = 0; i < list->count; i++)
        if (net_contains(&list->nets[i], address))
            return true;
    return false;
}

static const char *trim(const char *start, const char *end, size_t *len)
{
    while (start < end && (*start == ' ' || *start == '\t'))
        start++;
    while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    *len = (size_t)(end - start);
    return start;
}

int proxy_list_add(ProxyList *list, const char *spec)
{
    ProxyList grown = *list;
    const char *part = spec;
    for (;;) {
        const char *comma = strchr(part, ',');
        const char *end = comma ? comma : part + strlen(part);
        size_t len;
        const char *text = trim(part, end, &len);
        const char *slash = memchr(text, '/', len);
        ProxyNet net;
        bool v4;
        if (grown.count == PROXY_MAX || !parse_address(text, slash ? (size_t)(slash - text) : len, net.address, &v4))
            return -1;
        net.prefix = 128;
        if (slash) {
            size_t digits = len - (size_t)(slash - text) - 1;
            char bits[4];
            if (digits == 0 || digits >= sizeof bits || strspn(slash + 1, "0123456789") < digits)
                return -1;
            memcpy(bits, slash + 1, digits);
            bits[digits] = '\0';
            int prefix = atoi(bits);
            if (prefix > (v4 ? 32 : 128))
                return -1;
            net.prefix = prefix + (v4 ? 96 : 0);
        }
        grown.nets[grown.count++] = net;
        if (!comma)
            break;
        part = comma + 1;
    }
    *list = grown;
    return 0;
}

bool proxy_trusted(const ProxyList *list, const char *address)
{
    uint8_t parsed[16];
    bool v4;
    return address && parse_address(address, strlen(address), parsed, &v4) && list_contains(list, parsed);
}

ProxyVerdict proxy_client(const ProxyList *list, const char *peer, const char *forwarded,
                          char client[PROXY_ADDRESS_SIZE])
{
    snprintf(client, PROXY_ADDRESS_SIZE, "%s", peer ? peer : "unknown");
    if (!list->count || !forwarded || !proxy_trusted(list, peer))
        return PROXY_PEER;
    size_t len;
    trim(forwarded, forwarded + strlen(forwarded), &len);
    if (len == 0)
        return PROXY_PEER;
    /* From the right: the nearest hop first. Every hop read must be an address; the first one not a trusted proxy
     * is the client. When all are trusted, the furthest is. */
    const char *end = forwarded + strlen(forwarded);
    uint8_t address[16];
    bool v4 = false;
    for (;;) {
        const char *start = end;
        while (start > forwarded && start[-1] != ',')
            start--;
        const char *text = trim(start, end, &len);
        if (!parse_address(text, len, address, &v4))
            return PROXY_MALFORMED;
        if (!list_contains(list, address) || start == forwarded)
            break;
        end = start - 1;
    }
    format_address(address, v4, client);
    return PROXY_FORWARDED;
}
