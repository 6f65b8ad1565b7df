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

#endif
