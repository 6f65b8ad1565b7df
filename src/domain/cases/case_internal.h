/* Inside domain/cases/ only: what its files share (loading a case for a reader or a writer, recording a change,
 * the kinds, the fields' checks). Everything here runs inside the caller's transaction when it writes. */
#ifndef TAKAMUL_DOMAIN_CASES_INTERNAL_H
#define TAKAMUL_DOMAIN_CASES_INTERNAL_H

#include "domain/cases/cases.h"

/* A kind of case: its code, the prefix of its references, the role of its principal person, its bit. */
typedef struct {
    const char *kind, *prefix, *principal;
    unsigned bit;
} CaseKind;

extern const CaseKind case_kinds[];
/* The index of a kind in case_kinds, -1 for none. */
int case_kind_index(const char *kind);

/* 0, or TK_ERR_FORBIDDEN when the user may not work with cases at all. */
int case_require(Ctx *ctx);
/* Reads a case with its assignments and decides the rights; a case the user may not see is not found (and the
 * refusal audited). */
int case_load(Ctx *ctx, int64_t id, CaseView *view);
/* Loads a case for a change by a user who may write it, at the version given (0: any). */
int case_load_for_change(Ctx *ctx, int64_t id, int64_t version, CaseView *view);
/* Loads a case for a change that is not to the case itself (persons, notes, incidents): it must be open. */
int case_load_open(Ctx *ctx, int64_t id, CaseView *view);
/* A part of a case the user sees: a unit that sees it through a referral reads only the sections it shares. */
int case_load_section(Ctx *ctx, int64_t id, unsigned section, CaseView *view);
/* A change: its history row and its audit row. */
int case_record(Ctx *ctx, int64_t id, const char *action, const char *detail);
/* The case's open deadlines, written again after a change. */
int case_refresh_tasks(Ctx *ctx, const CaseView *view);

/* A unit that sees the case through a referral is not shown who did what: clears a worker's id and name for it. */
void case_worker_hidden(const CaseView *view, int64_t *by, char **by_name);

/* Applies the given fields to a case, checking each; every fault is recorded. */
int case_apply(Ctx *ctx, Case *c, const CaseInput *in);
/* Names the fields a change set, for the history (in the request's arena). */
char *case_changed_fields(Ctx *ctx, const CaseInput *input);

/* Adds a person to a case in a role, with its history row. */
int case_add_person(Ctx *ctx, const Case *c, int64_t person_id, const char *role);
/* Checks the case's juveniles again (after its act date changed); the fault names act_date. */
int case_recheck_juveniles(Ctx *ctx, const Case *c);

/* The role in which the user works a case of their own unit (caseworker, monitor or officer), NULL for none. */
const char *case_own_assignment_role(const Ctx *ctx);
/* The user takes the case in role: audited in the history as one's own. */
int case_assign_self(Ctx *ctx, CaseView *view, const char *role);

#endif
