/* Who may see a case, defined once: the SQL predicate CASE_VISIBLE. The store's lists over cases and what hangs from
 * them (cases, a person's cases, tasks, studies, notifications) filter by it, and the single read of a case asks it
 * of that one case (store_case_visible, from domain/cases/visibility.c). One SQL fragment rather than a C rule turned
 * into SQL: a list must filter in SQL to page, and the single read can ask the database as cheaply, so the rule is
 * written where both can run it. Break-glass access and placements add their branches here, and every list and the
 * single read follow. What a list never shows stays in the domain: a case seen through a referral to the viewer's
 * unit. `c` is the cases table's alias; the query binds the viewer with store_bind_case_viewer. */
#ifndef TAKAMUL_STORE_CASE_VISIBLE_H
#define TAKAMUL_STORE_CASE_VISIBLE_H

#include "store/cases.h"
#include "store/sql.h"

/* Who may see a case: its unit (restricted ones only its supervisors and workers), its workers wherever they
 * are, the managers of its agency (normal cases only), the staff of the home where it has a resident now, and, on
 * the single read of the case (:viewer_break_glass), a worker who broke the glass on it until her access expires
 * (domain/cases/break_glass.c): a grant opens the one case to read, never a list. A unit that sees a case through a
 * referral is not in it: it sees the shared sections of one case at a time, never a list. A juvenile's record sealed
 * at 18 (domain/records/) and an anonymised case are seen by nobody, in no list; a sealed one opens, on its single
 * read only, to the reader a court order names until the order's time ends. */
#define CASE_VISIBLE                                                                                                   \
    "((c.sealed_at IS NULL AND c.anonymised_at IS NULL"                                                                \
    " AND ((c.unit_id = :viewer_unit AND (c.sensitivity = 'normal' OR :viewer_supervisor <> 0))"                       \
    " OR EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = c.id AND a.user_id = :viewer"                      \
    "   AND a.ended_at IS NULL)"                                                                                       \
    " OR (:viewer_manager <> 0 AND c.sensitivity = 'normal'"                                                           \
    "   AND c.unit_id IN (SELECT id FROM units WHERE agency = :viewer_agency))"                                        \
    " OR (:viewer_home_staff <> 0 AND EXISTS (SELECT 1 FROM placements p WHERE p.case_id = c.id"                       \
    "   AND p.home_id = :viewer_unit AND p.state <> 'discharged'))"                                                    \
    " OR (:viewer_break_glass <> 0 AND EXISTS (SELECT 1 FROM break_glass g WHERE g.case_id = c.id"                     \
    "   AND g.user_id = :viewer AND g.ended_at IS NULL AND g.expires_at > :viewer_now))))"                             \
    " OR (:viewer_break_glass <> 0 AND c.sealed_at IS NOT NULL AND c.anonymised_at IS NULL"                            \
    "   AND EXISTS (SELECT 1 FROM seal_orders o WHERE o.case_id = c.id AND o.kind = 'read'"                            \
    "   AND o.reader_id = :viewer AND o.expires_at > :viewer_now)))"

/* Binds the :viewer… parameters of CASE_VISIBLE. */
void store_bind_case_viewer(Query *q, const CaseViewer *viewer);

#endif
