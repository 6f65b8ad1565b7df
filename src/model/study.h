/* Social studies: templates and their sections, a study and its texts, the versions submitted for review. */
#ifndef TAKAMUL_MODEL_STUDY_H
#define TAKAMUL_MODEL_STUDY_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    char *key, *title_ar, *title_en;
    char *kinds; /* NULL: every kind of the template; else the case kinds it is for, comma-separated */
} StudySectionSpec;

typedef struct {
    char *code, *name_ar, *name_en, *kinds;
    StudySectionSpec *sections;
    int section_count;
} StudyTemplate;

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
    StudyText *texts;                   /* filled by store_study_get */
    int text_count;
} Study;

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

typedef struct {
    int64_t study_id, number, submitted_by, submitted_at, decided_by, decided_at;
    const char *outcome, *comment;
    char *submitted_by_name, *decided_by_name, *submitted_by_sex, *decided_by_sex;
    StudyText *texts; /* filled by store_study_version_get */
    int text_count;
} StudyVersion;

#endif
