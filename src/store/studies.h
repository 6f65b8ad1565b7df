/* Social studies in the database: the templates and their sections, a study's text by section, and the versions
 * submitted for review with their sections. Strings of returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_STUDIES_H
#define TAKAMUL_STORE_STUDIES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "store/cases.h"
#include "store/store.h"

typedef struct {
    char *key, *title_ar, *title_en;
    char *kinds; /* NULL: every kind of the template; else the case kinds it is for, comma-separated */
} StudySectionSpec;

typedef struct {
    char *code, *name_ar, *name_en, *kinds;
    StudySectionSpec *sections;
    int section_count;
} StudyTemplate;

/* Every template with its sections, in order. */
int store_study_templates(Db *db, Arena *arena, StudyTemplate **items, int *count);

typedef struct {
    const char *key, *body;
} StudyText;

typedef struct {
    int64_t id, case_id;
    const char *template, *status;
    int64_t author_id, submissions, reviewed_by, reviewed_at, created_at, updated_at, version;
    const char *review_comment;
    char *author_name, *reviewed_by_name, *case_reference, *case_kind, *template_name_ar, *template_name_en;
    char *author_sex, *reviewed_by_sex; /* for the grammar of sentences naming them; NULL: not recorded */
    uint32_t author_roles;              /* the author's roles (their title on the document) */
    StudyText *texts; /* filled by store_study_get */
    int text_count;
} Study;

int store_study_insert(Db *db, Study *study);
/* The study with its texts; TK_ERR_NOT_FOUND when there is none. */
int store_study_get(Db *db, int64_t id, Arena *arena, Study *study);
/* The studies of a case, newest first, without their texts. */
int store_studies_of_case(Db *db, int64_t case_id, Arena *arena, Study **items, int *count);
/* What a list of studies keeps: the studies of cases the viewer sees (store/case_visible.h). */
typedef struct {
    int64_t author_id;  /* 0: anyone's */
    bool review;        /* submitted studies of the viewer's own unit not written by the viewer: their review queue */
    const char *status; /* NULL: any */
    char *const *terms; /* search terms (text_search_terms), each a prefix, all required */
    int term_count;     /* 0: no search */
    int64_t before_id;  /* cursor: newest first */
    int limit;
} StudyFilter;

int store_study_list(Db *db, const CaseViewer *viewer, const StudyFilter *filter, Arena *arena, Study **items,
                     int *count, bool *more);

/* Rebuilds the search index of every study (a save keeps its own study's entries up to date). */
int store_studies_reindex(Db *db);

/* Writes the texts given (a NULL or empty body removes the section's text) at study->version and bumps it;
 * TK_ERR_CONFLICT on a stale version. */
int store_study_save(Db *db, Study *study, const StudyText *texts, int count);
/* Sets status, submissions and the review fields at study->version and bumps it; TK_ERR_CONFLICT when stale. */
int store_study_set_status(Db *db, Study *study);

typedef struct {
    int64_t study_id, number, submitted_by, submitted_at, decided_by, decided_at;
    const char *outcome, *comment;
    char *submitted_by_name, *decided_by_name, *submitted_by_sex, *decided_by_sex;
    StudyText *texts; /* filled by store_study_version_get */
    int text_count;
} StudyVersion;

/* Snapshots the study's current texts as version number (submitted now by by). */
int store_study_version_add(Db *db, int64_t study_id, int64_t number, int64_t by);
/* Records the reviewer's decision on a version. */
int store_study_version_decide(Db *db, int64_t study_id, int64_t number, const char *outcome, const char *comment,
                               int64_t by);
int store_study_versions(Db *db, int64_t study_id, Arena *arena, StudyVersion **items, int *count);
int store_study_version_get(Db *db, int64_t study_id, int64_t number, Arena *arena, StudyVersion *version);

#endif
