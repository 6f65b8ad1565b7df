/* The audit log's tamper evidence: each row's hash is an HMAC over the row and the hash before it. */
#ifndef TAKAMUL_AUDIT_CHAIN_H
#define TAKAMUL_AUDIT_CHAIN_H

#include <stdint.h>

#define AUDIT_HASH_SIZE 32

/* One audit row. Text fields may be NULL. It never holds passwords, tokens or case text. */
typedef struct {
    int64_t id;
    int64_t at;        /* seconds since the epoch */
    int64_t at_micros; /* microseconds within the second */
    int64_t user_id;   /* 0: nobody signed in */
    const char *username;
    int64_t unit_id;    /* 0: none */
    const char *action; /* e.g. "session.login" */
    const char *object_type;
    const char *object_id;
    const char *outcome; /* "ok", "denied", "failed" */
    const char *client_addr;
    const char *detail; /* short machine text, e.g. the fields changed; never values of secrets */
} AuditRow;

/* Computes the row's hash from the previous row's hash (all zero for the first row). */
void audit_chain_hash(const uint8_t key[32], const uint8_t previous[AUDIT_HASH_SIZE], const AuditRow *row,
                      uint8_t out[AUDIT_HASH_SIZE]);

#endif
