/* Sealing juvenile records at 18, the court orders that open or unseal them, retention with anonymisation, and
 * persons' requests for erasure: the records officer's work (domain/records/README.md). Records returned live in
 * ctx->arena. */
#ifndef TAKAMUL_DOMAIN_RECORDS_H
#define TAKAMUL_DOMAIN_RECORDS_H

#include "domain/core/context.h"
#include "model/records.h"

/* The daily job (run at start-up and at each midnight in Amman): seals the closed juvenile cases whose juvenile has
 * turned 18 (a case still open at 18, such as a placement kept to 20 or its aftercare, is sealed on the first day
 * after it closes) and lists the closed cases past their retention. Counts into sealed and listed. once_a_day: the
 * servers' run, done once a day across every server of the database (its day noted in the same transaction); *ran
 * is false when it had already run today. Without it (takamul records daily), it runs whatever the day. */
int domain_records_daily(Ctx *ctx, bool once_a_day, int *sealed, int *listed, bool *ran);

/* The sealed cases, by number and unit (records officers). */
int domain_sealed_list(Ctx *ctx, SealedCase **items, int *count);
/* The court orders recorded (records officers). */
int domain_seal_orders(Ctx *ctx, SealOrder **items, int *count);
/* Records a court order on a sealed case (records officers): order->kind read (the reader by username, for days)
 * or unseal; the order's reference is a court of codes_courts (order->court) and "number/year". Fills order. */
int domain_seal_order_add(Ctx *ctx, int64_t case_id, const char *reference, const char *reader, int64_t days,
                          SealOrder *order);
/* The court order that opens this sealed case to the user now (NULL: none), for the single read. */
int domain_seal_read_order(Ctx *ctx, int64_t case_id, const SealOrder **order);

/* The retention reviews in a state (NULL: pending). */
int domain_retention_reviews(Ctx *ctx, const char *state, RetentionReview **items, int *count);
/* Confirms a pending review: the case is anonymised, for good. */
int domain_retention_anonymise(Ctx *ctx, int64_t case_id, int64_t version, RetentionReview *out);
/* Keeps a case past its retention, with the reason. */
int domain_retention_keep(Ctx *ctx, int64_t case_id, int64_t version, const char *reason, RetentionReview *out);

/* A worker records a person's request for erasure. */
int domain_erasure_request(Ctx *ctx, int64_t person_id, const char *basis, ErasureRequest *out);
/* The requests in a state (NULL: all) (records officers). */
int domain_erasure_list(Ctx *ctx, const char *state, ErasureRequest **items, int *count);
/* Decides a request: "erase" (409 with the reason when the law keeps the record) or "refuse" with a refusal code. */
int domain_erasure_decide(Ctx *ctx, int64_t id, int64_t version, const char *decision, const char *refusal,
                          const char *note, ErasureRequest *out);

#endif
