/* The address check is run by the server as soon as the request line has arrived, before libmicrohttpd files the
 * query parameters (see server.c). */
#include "http/limits.h"

#include <string.h>

UriVerdict limits_uri_check(const char *uri, size_t max_bytes, int max_parameters)
{
    size_t len = strlen(uri);
    if (len > max_bytes)
        return URI_TOO_LONG;
    const char *query = strchr(uri, '?');
    if (!query || !query[1])
        return URI_ACCEPTED;
    /* libmicrohttpd files one parameter per '&'-separated part, empty parts too */
    int parameters = 1;
    for (const char *at = query + 1; *at; at++)
        if (*at == '&' && ++parameters > max_parameters)
            return URI_TOO_MANY_PARAMETERS;
    return parameters > max_parameters ? URI_TOO_MANY_PARAMETERS : URI_ACCEPTED;
}
