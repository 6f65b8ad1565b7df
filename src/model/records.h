/* Records kept under the law's time limits: juvenile records sealed at 18 and the court orders that open or unseal
 * them, the cases past their retention waiting for a records officer, and persons' requests for erasure. */
#ifndef TAKAMUL_MODEL_RECORDS_H
#define TAKAMUL_MODEL_RECORDS_H

#include <stdint.h>

/* A sealed case as the records officer's list shows it: by its number and unit, never a name. */
typedef struct {
    int64_t case_id;
    char *reference, *kind;
    int64_t unit_id;
    char *unit_name_ar, *unit_name_en;
    int64_t sealed_at;
    int64_t orders; /* court orders recorded on it */
} SealedCase;

/* A court order recorded by a records officer: a read opens the sealed case to reader_id until expires_at; an
 * unseal lifts the seal for good. */
typedef struct {
    int64_t id, case_id;
    char *kind;  /* read, unseal */
    char *court; /* a code of codes_courts */
    int64_t order_number, order_year;
    char *purpose;
    int64_t reader_id, expires_at; /* a read: who, until when; 0 for an unseal */
    int64_t recorded_by, recorded_at;
    char *case_reference, *reader_name, *recorded_by_name; /* filled by the lists */
} SealOrder;

/* A closed case past its retention, listed by the daily job for a records officer. */
typedef struct {
    int64_t case_id;
    char *reference, *kind;
    int64_t unit_id;
    char *unit_name_ar, *unit_name_en;
    int64_t closed_at;
    char *due_on;      /* the day its retention ended (Amman) */
    char *state;       /* pending, anonymised, kept */
    char *keep_reason; /* kept: why */
    int64_t decided_by, decided_at, listed_at, version;
} RetentionReview;

/* A person's request for erasure, recorded by a worker, decided by a records officer. */
typedef struct {
    int64_t id, person_id;
    char *basis;
    char *state;   /* pending, erased, refused */
    char *refusal; /* refused: open_case, within_retention, court_order, legal_obligation */
    char *decision_note;
    int64_t requested_by, requested_at, decided_by, decided_at, version;
    char *requested_by_name, *unit_name_ar, *unit_name_en; /* of the worker who recorded it */
} ErasureRequest;

/* What an anonymisation removed, by id (for the audit: never the content). */
typedef struct {
    int64_t *person_ids;
    int person_count;
    int64_t study_ids[64];
    int study_count;
} Anonymised;

#endif
