/* Correction centres in the database: programmes, enrolments and attendance, and the inmate's case records (the
 * family's needs assessment, visits, children, the pre-release plan, releases and aftercare contacts). Strings of
 * returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_CENTRES_H
#define TAKAMUL_STORE_CENTRES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/centre.h"
#include "model/legal.h"
#include "store/store.h"

int store_programme_add(Db *db, Programme *p, int64_t by);
/* Writes the programme's fields at p->version and bumps it: TK_ERR_CONFLICT when it changed meanwhile. */
int store_programme_update(Db *db, Programme *p, int64_t by);
/* A programme with its centre's names and its enrolments counted by status; TK_ERR_NOT_FOUND when there is none. */
int store_programme_get(Db *db, int64_t id, Arena *arena, Programme *p);
/* The programmes of a centre (0: of every centre), newest start first, with their counts. */
int store_programmes(Db *db, int64_t centre_id, Arena *arena, Programme **items, int *count);

int store_enrolment_add(Db *db, Enrolment *e, int64_t by);
/* An enrolment with its person's name, case reference, programme and attendance; TK_ERR_NOT_FOUND when none. */
int store_enrolment_get(Db *db, int64_t id, Arena *arena, Enrolment *e);
/* The enrolments of a programme: the enrolled, then the waiting list in its order, then those that ended. */
int store_programme_enrolments(Db *db, int64_t programme_id, Arena *arena, Enrolment **items, int *count);
/* Every programme an inmate's case took, newest first. */
int store_case_enrolments(Db *db, int64_t case_id, Arena *arena, Enrolment **items, int *count);
/* Writes status, dates, outcome and certificate at e->version and bumps it: TK_ERR_CONFLICT when stale. */
int store_enrolment_update(Db *db, Enrolment *e, int64_t by);
/* The first of a programme's waiting list; TK_ERR_NOT_FOUND when nobody waits. */
int store_programme_first_waiting(Db *db, int64_t programme_id, Arena *arena, Enrolment *e);

/* Records (or records again) the attendance of one session. */
int store_attendance_put(Db *db, const Attendance *a, int64_t by);
/* The attendance of an enrolment, by date. */
int store_attendance(Db *db, int64_t enrolment_id, Arena *arena, Attendance **items, int *count);

/* The case's family assessment; TK_ERR_NOT_FOUND when none was made. */
int store_family_assessment_get(Db *db, int64_t case_id, Arena *arena, FamilyAssessment *a);
/* Writes the assessment: a new one when a->version is 0, else at a->version (TK_ERR_CONFLICT when stale; a second
 * new one clashes as TK_ERR_EXISTS). */
int store_family_assessment_put(Db *db, FamilyAssessment *a, int64_t by);

int store_family_visit_add(Db *db, FamilyVisit *v, int64_t by);
/* The family visits of a case, newest first. */
int store_family_visits(Db *db, int64_t case_id, Arena *arena, FamilyVisit **items, int *count);

/* Records a child with the mother; TK_ERR_EXISTS when the child is recorded on the case already. */
int store_centre_child_add(Db *db, CentreChild *c, int64_t by);
int store_centre_child_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CentreChild *c);
/* The children of a case with their names and birth dates. */
int store_centre_children(Db *db, int64_t case_id, Arena *arena, CentreChild **items, int *count);
/* Writes the child's next place, leaving date, notes and protection case at c->version: TK_ERR_CONFLICT when stale. */
int store_centre_child_update(Db *db, CentreChild *c, int64_t by);

/* The case's pre-release plan; TK_ERR_NOT_FOUND when none. */
int store_release_plan_get(Db *db, int64_t case_id, Arena *arena, ReleasePlan *p);
/* As store_family_assessment_put. */
int store_release_plan_put(Db *db, ReleasePlan *p, int64_t by);

int store_release_add(Db *db, CentreRelease *r, int64_t by);
/* The releases and transfers of a case, oldest first. */
int store_releases(Db *db, int64_t case_id, Arena *arena, CentreRelease **items, int *count);
/* Marks a planned follow-up of the case as an aftercare contact of a release, month months after it. */
int store_aftercare_contact_add(Db *db, int64_t followup_id, int64_t release_id, int64_t month);
/* Whether an aftercare contact of the case is still planned (neither recorded nor cancelled). */
int store_case_aftercare_open(Db *db, int64_t case_id, bool *open);

/* The clocks of an inmate's case (into clocks, beside the legal ones): the birth date of the eldest child staying
 * with the mother whose next place is not yet decided, and whether the pre-release plan is made (or the inmate
 * released). */
int store_centre_clocks(Db *db, int64_t case_id, Arena *arena, LegalClocks *clocks);

#endif
