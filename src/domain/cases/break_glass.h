/* Break-glass (docs/security.md): a worker opens, in an emergency, a case she is not allowed (restricted, or another
 * unit's), giving a reason from a list and in her words; for break_glass_minutes it is hers to read, and to change
 * only when the case's supervisor grants it; every read is audited with the grant; the case's supervisor and the
 * auditors are told at once, and an auditor marks each use justified or not. The case stays 404 for everyone else:
 * the grant is a branch of the one visibility rule (store/case_visible.h). */
#ifndef TAKAMUL_DOMAIN_BREAK_GLASS_H
#define TAKAMUL_DOMAIN_BREAK_GLASS_H

#include "domain/core/context.h"
#include "model/break_glass.h"

/* Opens the case: 201 with the grant. 404 for a case that is not there; 409 break_glass.not_needed when the user sees
 * it already; an open grant of hers is given back as it is. Working roles only. */
int domain_break_glass_open(Ctx *ctx, int64_t case_id, const char *reason, const char *explanation, BreakGlass *out);
/* The case's supervisor lets the grant change the case. */
int domain_break_glass_grant_write(Ctx *ctx, int64_t id, BreakGlass *out);
/* Ends a grant before its time: its holder, or the case's supervisor (who takes it away). */
int domain_break_glass_end(Ctx *ctx, int64_t id);
/* The uses for review: auditors all (pending: not reviewed yet), a supervisor those on her unit's cases. */
int domain_break_glass_list(Ctx *ctx, bool pending, BreakGlass **items, int *count);
/* An auditor's verdict: justified, or not_justified with a note. */
int domain_break_glass_review(Ctx *ctx, int64_t id, const char *verdict, const char *note, BreakGlass *out);

#endif
