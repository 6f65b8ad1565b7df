/* Sealed juvenile records and their court orders, retention reviews, anonymisation and erasure requests
 * (model/records.h). Strings of returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_RECORDS_H
#define TAKAMUL_STORE_RECORDS_H

#include <stdbool.h>

#include "base/arena.h"
#include "model/records.h"
#include "store/store.h"

/* The kinds of case in the order of the retention cutoffs passed below. */
enum { RETENTION_KINDS = 4 };
extern const char *const store_retention_kinds[RETENTION_KINDS];

/* The closed juvenile cases (both kinds) whose juvenile was born on or before born_by (YYYY-MM-DD; an estimated birth
 * year counts from its 31 December), not sealed, not anonymised, and never unsealed by an order: their ids. */
/* Whether the daily job's run of day (YYYY-MM-DD in Amman) is noted. */
int store_daily_run_seen(Db *db, const char *day, bool *seen);
/* Notes the daily job's run of day with what it did; TK_ERR_EXISTS when it is noted already. */
int store_daily_run_add(Db *db, const char *day, int sealed, int listed, int64_t now);
int store_seal_due(Db *db, const char *born_by, Arena *arena, int64_t **ids, int *count);
/* Seals a case at `at`, or lifts its seal (at 0). */
int store_case_seal(Db *db, int64_t case_id, int64_t at);
/* The sealed cases, newest seal first; one of them (TK_ERR_NOT_FOUND when that case is not sealed). */
int store_sealed_list(Db *db, Arena *arena, SealedCase **items, int *count);
int store_sealed_get(Db *db, int64_t case_id, Arena *arena, SealedCase *out);
/* Records a court order; fills its id. */
int store_seal_order_add(Db *db, SealOrder *order);
/* The orders, newest first (case_id 0: of every case). */
int store_seal_orders(Db *db, int64_t case_id, Arena *arena, SealOrder **items, int *count);
/* The read order that opens the case to the user now (the newest); TK_ERR_NOT_FOUND when none. */
int store_seal_order_active(Db *db, int64_t case_id, int64_t user_id, int64_t now, Arena *arena, SealOrder *order);

/* Closed cases not anonymised nor yet listed whose closing is before the cutoff of their kind (cutoffs in the order
 * of store_retention_kinds): id, kind and closed_at filled. */
int store_retention_candidates(Db *db, const int64_t cutoffs[RETENTION_KINDS], Arena *arena, RetentionReview **items,
                               int *count);
int store_retention_review_add(Db *db, int64_t case_id, const char *due_on, int64_t now);
/* The reviews in that state (NULL: pending), oldest closing first; one of them. */
int store_retention_reviews(Db *db, const char *state, Arena *arena, RetentionReview **items, int *count);
int store_retention_review_get(Db *db, int64_t case_id, Arena *arena, RetentionReview *out);
/* Decides a pending review at its version (TK_ERR_CONFLICT when stale or decided). */
int store_retention_review_decide(Db *db, int64_t case_id, int64_t version, const char *state, const char *keep_reason,
                                  int64_t by, int64_t now);

/* Removes the free text of a case and of what hangs from it, and the identity of each of its persons who is in no
 * other case still kept; what was removed, by id, goes to out (arena). Counts stay: kind, unit, governorate,
 * months, codes, sex and birth year. */
int store_case_anonymise(Db *db, int64_t case_id, int64_t now, Arena *arena, Anonymised *out);
/* Removes a person's identity: names, numbers, contacts, address, birth date (the year stays), notes. */
int store_person_anonymise(Db *db, int64_t person_id, int64_t now);
/* The cases of a person not anonymised (arena). */
int store_person_kept_cases(Db *db, int64_t person_id, Arena *arena, int64_t **ids, int *count);
/* What keeps a person's record: an open case, a closed case within its retention (cutoffs as above), a court order
 * on one of her cases still in force. */
int store_erasure_blockers(Db *db, int64_t person_id, const int64_t cutoffs[RETENTION_KINDS], int64_t now,
                           bool *open_case, bool *within_retention, bool *court_order);

int store_erasure_add(Db *db, ErasureRequest *request);
int store_erasure_get(Db *db, int64_t id, Arena *arena, ErasureRequest *out);
/* The requests in that state (NULL: all), newest first. */
int store_erasure_list(Db *db, const char *state, Arena *arena, ErasureRequest **items, int *count);
/* Decides a pending request at its version (TK_ERR_CONFLICT when stale or decided). */
int store_erasure_decide(Db *db, int64_t id, int64_t version, const char *state, const char *refusal, const char *note,
                         int64_t by, int64_t now);

#endif
