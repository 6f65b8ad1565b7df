/* Social studies (الدراسة الاجتماعية): written on a template of the case's kind, a draft only its author edits,
 * submitted to a supervisor of the case's unit who returns it with comments or approves it; each submission is a
 * numbered version, and an approved study is read only. Who sees a study: who sees its case as one of its own
 * unit's or assigned workers (not a unit that sees the case through a referral). */
#ifndef TAKAMUL_DOMAIN_STUDIES_H
#define TAKAMUL_DOMAIN_STUDIES_H

#include "domain/context.h"
#include "store/studies.h"

enum { STUDY_SECTION_CHARS = 20000 };

/* The templates, each with its sections; kind (NULL: all) keeps those for a case kind, with only that kind's
 * sections. */
int domain_study_templates(Ctx *ctx, const char *kind, StudyTemplate **items, int *count);
/* The template of code (NULL: the one for case_kind) with its sections for case_kind (NULL: all), copied into the
 * arena; false when there is none. */
bool domain_study_template(Arena *arena, const StudyTemplate *templates, int count, const char *code,
                           const char *case_kind, StudyTemplate *out);

/* What the user may do with a study they see. */
typedef struct {
    bool edit;    /* the author, while it is a draft or returned */
    bool submit;  /* the same */
    bool review;  /* a supervisor of the case's unit, not its author, while it is submitted */
} StudyRights;

int domain_studies_of_case(Ctx *ctx, int64_t case_id, Study **items, int *count);
/* A new draft on the case by the user; template NULL: the one for the case's kind. */
int domain_study_create(Ctx *ctx, int64_t case_id, const char *template, Study *out, StudyRights *rights);
int domain_study_get(Ctx *ctx, int64_t id, Study *out, StudyRights *rights, StudyTemplate *template);
/* Saves the texts of sections (the draft saving itself) at version. */
int domain_study_save(Ctx *ctx, int64_t id, int64_t version, const StudyText *texts, int count, Study *out,
                      StudyRights *rights);
/* action: submit, return (comment required) or approve, at version. */
int domain_study_act(Ctx *ctx, int64_t id, int64_t version, const char *action, const char *comment, Study *out,
                     StudyRights *rights);
int domain_study_versions(Ctx *ctx, int64_t id, StudyVersion **items, int *count);
int domain_study_version(Ctx *ctx, int64_t id, int64_t number, StudyVersion *out);

#endif
