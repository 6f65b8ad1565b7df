/* A session or an API token, as stored (the secret only as its hash). */
#ifndef TAKAMUL_MODEL_SESSION_H
#define TAKAMUL_MODEL_SESSION_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t id;
    int64_t user_id;
    int64_t created_at;
    int64_t last_seen_at;
    int64_t ended_at;   /* 0: open */
    int64_t expires_at; /* API tokens only */
} Credential;

/* A session or a token as its user sees it in their list: where and when it was used. */
typedef struct {
    int64_t id;
    int64_t created_at, last_seen_at, expires_at; /* expires_at: tokens */
    char *client_addr, *user_agent;               /* sessions */
    char *label;                                  /* tokens */
    bool new_device;                              /* sessions: opened from a browser the account had not used */
} CredentialEntry;

#endif
