/* Inside domain/committee/ only: who the user is to the committee's records, and the history and audit rows of a
 * change. */
#ifndef TAKAMUL_DOMAIN_COMMITTEE_INTERNAL_H
#define TAKAMUL_DOMAIN_COMMITTEE_INTERNAL_H

#include "domain/committee/committee.h"

/* A member (reads and writes), a reader (members and auditors), or a working unit's user. */
bool committee_member(const Ctx *ctx);
bool committee_reader(const Ctx *ctx);
bool committee_unit_user(const Ctx *ctx);
/* 0, or 401/403 (auth.forbidden) with a refusal row for a user who is neither a reader nor a working unit's user. */
int committee_require_any(Ctx *ctx);
/* 0, or 403 committee.secretary_only for a user who is not the committee's secretary. */
int committee_require_secretary(Ctx *ctx);
/* Writes the history row and the audit row ("<type>.<event>") of a change, in the caller's transaction. */
int committee_record(Ctx *ctx, const char *object_type, int64_t object_id, const char *event, const char *detail);
/* The rows of a record made at meeting m, in the caller's transaction: the record's own ("<type>.<event>", detail the
 * meeting's number/year) and the meeting's (meeting_event, detail the record's id). */
int committee_record_at_meeting(Ctx *ctx, const Meeting *m, const char *object_type, int64_t object_id,
                                const char *event, const char *meeting_event);
/* The end of reading one record of the committee, loaded with rc: its history, then the read's audit row (action);
 * the history lives in the arena. */
int committee_read(Ctx *ctx, int rc, const char *object_type, int64_t id, const char *action, CommitteeEvent **history,
                   int *history_count);
/* Today in Amman, in the arena. */
const char *committee_today(Ctx *ctx);
/* The date days after a YYYY-MM-DD date, in the arena. */
const char *committee_date_after(Ctx *ctx, const char *date, int days);

/* The check of an agenda item that hears a group's report at meeting m (meetings.c): the group is reported, its report
 * on no agenda yet, and the meeting is not the one that set it up. Sets the item's title when it has none. */
int committee_fact_finding_item_check(Ctx *ctx, const Meeting *m, MeetingItem *item);

#endif
