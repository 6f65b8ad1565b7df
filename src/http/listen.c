/* What needs the privileges the process starts with: the listening sockets bound (the main one and the metrics' own)
 * and the files read (TLS certificate and key, the metrics token), before the process drops to its own user. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "http/server.h"

/* Parses "host:port" or "[v6]:port". */
static int parse_listen(const char *listen, struct sockaddr_storage *address, socklen_t *len)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return -1;
    memset(address, 0, sizeof *address);
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        host[strlen(host) - 1] = '\0';
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)address;
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &v6->sin6_addr) != 1)
            return -1;
        *len = sizeof *v6;
        return 0;
    }
    struct sockaddr_in *v4 = (struct sockaddr_in *)address;
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host, &v4->sin_addr) != 1)
        return -1;
    *len = sizeof *v4;
    return 0;
}

static char *read_text_file(const char *path)
{
    Buf buf;
    buf_init(&buf, 1024 * 1024);
    if (buf_read_file(&buf, path) != 0) {
        buf_free(&buf);
        return NULL;
    }
    return buf_detach(&buf, NULL);
}

/* A socket listening on host:port (option names the setting, for the message): 0 with *fd, or an exit code. */
static int open_listener(const char *listen_on, const char *option, int *fd_out)
{
    struct sockaddr_storage address;
    socklen_t address_len;
    if (parse_listen(listen_on, &address, &address_len) != 0) {
        fprintf(stderr, "takamul: %s wants host:port, e.g. 127.0.0.1:8080 (got %s)\n", option, listen_on);
        return 2;
    }
    int fd = socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (fd >= 0 && address.ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    if (fd < 0 || bind(fd, (struct sockaddr *)&address, address_len) != 0 || listen(fd, 128) != 0) {
        fprintf(stderr, "takamul: cannot listen on %s: %s\n", listen_on, strerror(errno));
        if (fd >= 0)
            close(fd);
        return 1;
    }
    *fd_out = fd;
    return 0;
}

/* The metrics settings: the token file read (a line of at least 16 characters), the separate address bound. */
static int prepare_metrics(ServeOptions *options)
{
    if (options->metrics_token_file) {
        char *token = read_text_file(options->metrics_token_file);
        size_t len = token ? strlen(token) : 0;
        while (len && (token[len - 1] == '\n' || token[len - 1] == '\r' || token[len - 1] == ' '))
            token[--len] = '\0';
        if (len < 16 || strpbrk(token, "\r\n")) {
            fprintf(stderr,
                    "takamul: --metrics-token-file wants a readable file holding one token of at least 16 "
                    "characters (%s)\n",
                    options->metrics_token_file);
            if (token)
                sodium_memzero(token, strlen(token));
            free(token);
            return 2;
        }
        options->metrics_token = token;
    }
    if (options->metrics_listen)
        return open_listener(options->metrics_listen, "--metrics-listen", &options->metrics_fd);
    return 0;
}

int http_prepare(ServeOptions *options)
{
    options->listen_fd = options->metrics_fd = -1;
    memset(&options->proxies, 0, sizeof options->proxies);
    for (int i = 0; i < options->trusted_proxy_count; i++)
        if (proxy_list_add(&options->proxies, options->trusted_proxies[i]) != 0) {
            fprintf(stderr,
                    "takamul: --trusted-proxy wants IPv4 or IPv6 addresses or networks (ADDR[/BITS], comma lists, "
                    "at most %d in all), got %s\n",
                    PROXY_MAX, options->trusted_proxies[i]);
            return 2;
        }
    struct sockaddr_storage address;
    socklen_t address_len;
    if (parse_listen(options->listen, &address, &address_len) != 0) {
        fprintf(stderr, "takamul: --listen wants host:port, e.g. 127.0.0.1:8080 (got %s)\n", options->listen);
        return 2;
    }
    if (options->tls_cert || options->tls_key) {
        options->cert_pem = options->tls_cert ? read_text_file(options->tls_cert) : NULL;
        options->key_pem = options->tls_key ? read_text_file(options->tls_key) : NULL;
        if (!options->cert_pem || !options->key_pem) {
            fprintf(stderr, "takamul: TLS needs both --tls-cert and --tls-key as readable PEM files\n");
            free(options->cert_pem);
            free(options->key_pem);
            options->cert_pem = options->key_pem = NULL;
            return 2;
        }
    }
    int rc = prepare_metrics(options);
    if (rc == 0)
        rc = open_listener(options->listen, "--listen", &options->listen_fd);
    if (rc != 0) {
        free(options->cert_pem);
        free(options->key_pem);
        options->cert_pem = options->key_pem = NULL;
        if (options->metrics_fd >= 0)
            close(options->metrics_fd);
        options->metrics_fd = -1;
    }
    return rc;
}
