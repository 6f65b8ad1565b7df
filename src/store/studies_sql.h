/* Inside store/ only: the pieces of the statements over studies that the portable list (store/studies.c) and an
 * engine's text search (engine_study_search, store/engine.h) share. */
#ifndef TAKAMUL_STORE_STUDIES_SQL_H
#define TAKAMUL_STORE_STUDIES_SQL_H

#include "store/case_visible.h"
#include "store/sql.h"
#include "store/studies.h"

/* The columns of a study (store_study_read_row reads them), the joins they need after FROM studies s. */
#define STUDY_SELECT                                                                                                   \
    "s.id, s.case_id, s.template, s.status, s.author_id, s.submissions, s.review_comment, s.reviewed_by,"              \
    " s.reviewed_at, s.created_at, s.updated_at, s.version, au.full_name, ru.full_name, c.reference, c.kind,"          \
    " t.name_ar, t.name_en, au.sex, ru.sex, au.roles"
#define STUDY_JOINS                                                                                                    \
    " JOIN cases c ON c.id = s.case_id JOIN study_templates t ON t.code = s.template"                                  \
    " LEFT JOIN users au ON au.id = s.author_id LEFT JOIN users ru ON ru.id = s.reviewed_by"
#define STUDY_FROM " FROM studies s" STUDY_JOINS
#define STUDY_COLUMNS STUDY_SELECT STUDY_FROM

/* The filters of a list (after a WHERE), bound by store_study_bind_list. */
#define STUDY_KEPT                                                                                                     \
    " AND (:author = 0 OR s.author_id = :author) AND (CAST(:status AS TEXT) IS NULL OR s.status = :status)"            \
    " AND (:review = 0 OR (s.status = 'submitted' AND s.author_id <> :viewer AND c.unit_id = :viewer_unit"             \
    "   AND :viewer_supervisor <> 0))"

/* Reads a row of STUDY_SELECT (a SqlReadRow): item is a Study. */
void store_study_read_row(Query *q, Arena *arena, void *item);
/* Binds the viewer (CASE_VISIBLE) and the parameters of STUDY_KEPT and of the cursor (:before). */
void store_study_bind_list(Query *q, const CaseViewer *viewer, const StudyFilter *f);

#endif
