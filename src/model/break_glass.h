/* Break-glass: a worker's access, in an emergency, to a case she is not allowed (restricted, or another unit's), for
 * a set time, read-only unless the case's supervisor grants more; each use reviewed by an auditor. */
#ifndef TAKAMUL_MODEL_BREAK_GLASS_H
#define TAKAMUL_MODEL_BREAK_GLASS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t id, case_id, user_id;
    const char *reason, *explanation; /* reason: a code of codes_break_glass_reasons */
    int64_t started_at, expires_at, ended_at;
    int64_t write_granted_by, write_granted_at;
    const char *review, *review_note; /* NULL while not reviewed; justified, not_justified */
    int64_t reviewed_by, reviewed_at;
    /* read with it, for the lists */
    char *user_name, *user_unit_name, *case_reference, *case_kind, *reviewer_name, *granted_by_name;
    int64_t case_unit_id;
} BreakGlass;

#endif
