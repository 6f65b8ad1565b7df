/* The access predicate of lists of cases, for the store's queries over cases and what hangs from them (tasks,
 * studies): `c` is the cases table's alias, and the query binds the viewer with store_bind_case_viewer. */
#ifndef TAKAMUL_STORE_CASE_VISIBLE_H
#define TAKAMUL_STORE_CASE_VISIBLE_H

#include "store/cases.h"
#include "store/sql.h"

/* Who may see a case: its unit (restricted ones only its supervisors and workers), its workers wherever they
 * are, and the managers of its agency (normal cases only). A unit that sees a case through a referral is not
 * in it: it sees the shared sections of one case at a time, never a list. */
#define CASE_VISIBLE                                                                                          \
    "((c.unit_id = :viewer_unit AND (c.sensitivity = 'normal' OR :viewer_supervisor <> 0))"                        \
    " OR EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = c.id AND a.user_id = :viewer"             \
    "   AND a.ended_at IS NULL)"                                                                              \
    " OR (:viewer_manager <> 0 AND c.sensitivity = 'normal'"                                                       \
    "   AND c.unit_id IN (SELECT id FROM units WHERE agency = :viewer_agency)))"

/* Binds the :viewer… parameters of CASE_VISIBLE. */
void store_bind_case_viewer(Query *q, const CaseViewer *viewer);

#endif
