/* The second factor in the database: a user's sealed secret (store/second_factor.c), the step of the last code taken,
 * and the digests of the recovery codes. */
#ifndef TAKAMUL_STORE_SECOND_FACTOR_H
#define TAKAMUL_STORE_SECOND_FACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

typedef struct {
    uint8_t secret[96]; /* sealed */
    size_t secret_len;
    int64_t confirmed_at; /* 0 while the enrolment waits for its first code */
    int64_t last_step;    /* the time step of the last code taken */
    int recovery_left;    /* recovery codes not used */
} SecondFactor;

/* The user's second factor; TK_ERR_NOT_FOUND when there is none. */
int store_second_factor_get(Db *db, int64_t user_id, SecondFactor *out);
/* Starts an enrolment: a new unconfirmed secret in place of any before (and its recovery codes gone). */
int store_second_factor_begin(Db *db, int64_t user_id, const uint8_t *sealed, size_t len, int64_t now);
/* Confirms the enrolment at the step of its first code, with the recovery codes' digests (count of them, 32 bytes
 * each); TK_ERR_CONFLICT when it was confirmed or replaced meanwhile. */
int store_second_factor_confirm(Db *db, int64_t user_id, int64_t step, const uint8_t *hashes, int count, int64_t now);
/* Takes a code of a step later than the last one taken; TK_ERR_CONFLICT when one of that step or later was taken
 * meanwhile (a code is taken once). */
int store_second_factor_take_step(Db *db, int64_t user_id, int64_t step);
/* Uses a recovery code of that digest: TK_ERR_NOT_FOUND when the user has none unused of it. */
int store_recovery_code_use(Db *db, int64_t user_id, const uint8_t hash[32], int64_t now);
/* Takes the user's second factor and recovery codes away. */
int store_second_factor_remove(Db *db, int64_t user_id);

#endif
