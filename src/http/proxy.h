/* The trusted proxies (--trusted-proxy): from one of them, the client's address is read from X-Forwarded-For; from
 * any other peer the header is ignored. A leaf: text and addresses in, text out. */
#ifndef TAKAMUL_HTTP_PROXY_H
#define TAKAMUL_HTTP_PROXY_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>

enum { PROXY_MAX = 32, PROXY_ADDRESS_SIZE = INET6_ADDRSTRLEN };

/* An address or a network of them: IPv4 kept as IPv4-mapped IPv6, so one comparison serves both. */
typedef struct {
    uint8_t address[16];
    int prefix; /* bits compared: 128 for one address */
} ProxyNet;

typedef struct {
    ProxyNet nets[PROXY_MAX];
    int count;
} ProxyList;

/* Adds "ADDR[/BITS]" or a comma list of them (IPv4 or IPv6). 0, or -1 when one is not an address or the list is
 * full (nothing of spec is added then). */
int proxy_list_add(ProxyList *list, const char *spec);

/* Whether the address (text, as inet_ntop writes it) is one of the list's. */
bool proxy_trusted(const ProxyList *list, const char *address);

typedef enum {
    PROXY_PEER,      /* the peer's own address: it is no trusted proxy, or it sent no X-Forwarded-For */
    PROXY_FORWARDED, /* the right-most address of the header that is no trusted proxy */
    PROXY_MALFORMED, /* a trusted proxy sent a header that is not a list of addresses: the peer's address */
} ProxyVerdict;

/* The client's address of a request from peer (text) carrying forwarded (X-Forwarded-For, NULL when absent; several
 * headers joined by commas) into client, in canonical text form. */
ProxyVerdict proxy_client(const ProxyList *list, const char *peer, const char *forwarded,
                          char client[PROXY_ADDRESS_SIZE]);

#endif
