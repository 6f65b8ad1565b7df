/* Limits the HTTP layer puts on a request before the API sees it: the size of its address. */
#ifndef TAKAMUL_HTTP_LIMITS_H
#define TAKAMUL_HTTP_LIMITS_H

#include <stddef.h>

typedef enum {
    URI_ACCEPTED,
    URI_TOO_LONG,            /* longer than the limit in bytes */
    URI_TOO_MANY_PARAMETERS, /* more query parameters than the limit */
} UriVerdict;

/* Judges a request's address (path and query, as sent) against the limits. */
UriVerdict limits_uri_check(const char *uri, size_t max_bytes, int max_parameters);

#endif
