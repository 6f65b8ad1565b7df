/* Social studies (الدراسة الاجتماعية): written on a template of the case's kind, a draft only its author edits,
 * submitted to a supervisor of the case's unit who returns it with comments or approves it; each submission is a
 * numbered version, and an approved study is read only. Who sees a study: who sees its case as one of its own
 * unit's or assigned workers (not a unit that sees the case through a referral). */
#ifndef TAKAMUL_DOMAIN_STUDIES_H
#define TAKAMUL_DOMAIN_STUDIES_H

#include "domain/core/context.h"
#include "model/case.h"
#include "model/case_parts.h"
#include "model/study.h"
#include "model/task.h"
#include "text/search.h"

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
    bool edit;   /* the author, while it is a draft or returned */
    bool submit; /* the same */
    bool review; /* a supervisor of the case's unit, not its author, while it is submitted */
} StudyRights;

/* The review of a study as pure rules: who the user is to the study and its case. */
typedef struct {
    bool author;    /* the user wrote the study */
    bool write;     /* the user may change the case (CaseRights.write) */
    bool supervise; /* a supervisor of the case's unit (CaseRights.supervise) */
    bool case_closed;
} StudyActor;
/* What actor may do with a study in status (draft, submitted, returned, approved). */
void study_rights_for(const StudyActor *actor, const char *status, StudyRights *rights);
/* The move action (submit, return, approve) makes from status: draft or returned → submitted by the author who may
 * edit it; submitted → returned or approved by a supervisor of the case who is not its author. TK_OK with *to, or
 * an error with *refusal: TK_ERR_CONFLICT study.bad_state (the wrong status), TK_ERR_FORBIDDEN study.author_only,
 * case.supervisor_only or study.own_review, TK_ERR_INVALID field.code (no such action). */
int study_review_move(const StudyActor *actor, const char *status, const char *action, const char **to,
                      const char **refusal);

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

/* A list of the studies the user sees (those of cases they see as their own unit's or assigned worker, or as a
 * manager), or a search of their text. */
typedef struct {
    bool mine;          /* written by the user */
    bool review;        /* waiting for the user's review */
    const char *status; /* NULL: any */
    const char *query;  /* NULL: no search; else the studies whose text has every word of it */
    int64_t before_id;  /* cursor: newest first */
    int limit;
} StudyQuery;

enum { STUDY_SEARCH_TERMS = 8 };

typedef struct {
    Study study;
    const char *section; /* a search: the first section, in the template's order, whose text matches */
    TextPart *snippet;   /* the words of that section around its first match */
    int snippet_count;
} StudyListItem;

int domain_studies_list(Ctx *ctx, const StudyQuery *query, StudyListItem **items, int *count, bool *more);

/* A person of the case as a study's document names them. */
typedef struct {
    const char *role, *name, *sex;
    int age;       /* on the day of the document; -1 unknown */
    bool withheld; /* a juvenile whose name a copy withholds: initials only */
} StudyParty;

/* A study as a document: for the court (an approved study; names in full) or a copy (any state; a juvenile's
 * name is withheld, in the parties and in the text, wherever a copy goes). */
typedef struct {
    bool court;
    Study study;
    StudyTemplate template; /* its sections for the case's kind, in order */
    const char **bodies;    /* by template section; NULL: not written */
    StudyParty *parties;    /* never the reporter */
    int party_count;
    const char *unit_name_ar, *unit_name_en;
    int64_t submitted_at; /* of the latest version; 0 when never submitted */
    int64_t generated_at;
} StudyDocument;

/* purpose: "court" or "copy" (NULL: copy); format says what the document is made into, for the audit log. */
int domain_study_document(Ctx *ctx, int64_t id, const char *purpose, const char *format, StudyDocument *out);

#endif
