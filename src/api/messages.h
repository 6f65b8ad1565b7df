/* Error codes of the API: their HTTP status and their messages in Arabic and English. */
#ifndef TAKAMUL_API_MESSAGES_H
#define TAKAMUL_API_MESSAGES_H

#include <stdbool.h>

typedef struct {
    const char *code;
    int status;
    const char *ar;
    const char *en;
} ErrorMessage;

/* The entry for a code; an unknown code gets the one of "internal" (a bug, logged). */
const ErrorMessage *api_message(const char *code);
/* The stable code for an error number when no fault code was recorded. */
const char *api_code_for_error(int err);
/* Whether the code is listed (tests check every code the program records). */
bool api_message_known(const char *code);

#endif
