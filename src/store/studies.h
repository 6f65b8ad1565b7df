/* Social studies in the database: the templates and their sections, a study's text by section, and the versions
 * submitted for review with their sections. Strings of returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_STUDIES_H
#define TAKAMUL_STORE_STUDIES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/case.h"
#include "model/study.h"
#include "store/store.h"

/* Every template with its sections, in order. */
int store_study_templates(Db *db, Arena *arena, StudyTemplate **items, int *count);

int store_study_insert(Db *db, Study *study);
/* The study with its texts; TK_ERR_NOT_FOUND when there is none. */
int store_study_get(Db *db, int64_t id, Arena *arena, Study *study);
/* The studies of a case, newest first, without their texts. */
int store_studies_of_case(Db *db, int64_t case_id, Arena *arena, Study **items, int *count);

int store_study_list(Db *db, const CaseViewer *viewer, const StudyFilter *filter, Arena *arena, Study **items,
                     int *count, bool *more);

/* Rebuilds the search index of every study (a save keeps its own study's entries up to date). */
int store_studies_reindex(Db *db);

/* Writes the texts given (a NULL or empty body removes the section's text) at study->version and bumps it;
 * TK_ERR_CONFLICT on a stale version. */
int store_study_save(Db *db, Study *study, const StudyText *texts, int count);
/* Sets status, submissions and the review fields at study->version and bumps it; TK_ERR_CONFLICT when stale. */
int store_study_set_status(Db *db, Study *study);

/* Snapshots the study's current texts as version number (submitted now by by). */
int store_study_version_add(Db *db, int64_t study_id, int64_t number, int64_t by);
/* Records the reviewer's decision on a version. */
int store_study_version_decide(Db *db, int64_t study_id, int64_t number, const char *outcome, const char *comment,
                               int64_t by);
int store_study_versions(Db *db, int64_t study_id, Arena *arena, StudyVersion **items, int *count);
int store_study_version_get(Db *db, int64_t study_id, int64_t number, Arena *arena, StudyVersion *version);

#endif
