#include "store/studies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/buf.h"
#include "base/err.h"
#include "store/engine.h"
#include "store/studies_sql.h"
#include "text/search.h"

SQL_RECORD(TEMPLATE, StudyTemplate, code, name_ar, name_en, kinds);

SQL_RECORD(SECTION, StudySectionSpec, key, title_ar, title_en, kinds);

int store_study_templates(Db *db, Arena *arena, StudyTemplate **items, int *count)
{
    Query q = sql_query(db, "SELECT code, name_ar, name_en, kinds FROM study_templates ORDER BY position");
    int rc = sql_collect_records(&q, arena, &TEMPLATE, 0, items, count, NULL);
    for (int i = 0; rc == TK_OK && i < *count; i++) {
        StudyTemplate *t = &(*items)[i];
        Query s = sql_query(db, "SELECT key, title_ar, title_en, kinds FROM study_template_sections"
                                " WHERE template = :template ORDER BY position");
        sql_text(&s, ":template", t->code);
        rc = sql_collect_records(&s, arena, &SECTION, 0, &t->sections, &t->section_count, NULL);
    }
    return rc;
}

SQL_RECORD(TEXT, StudyText, key, body);

/* The texts of a study (number 0) or of one of its versions, by key. */
static int read_texts(Db *db, int64_t study_id, int64_t number, Arena *arena, StudyText **texts, int *count)
{
    Query q = number ? sql_query(db, "SELECT key, body FROM study_version_sections WHERE study_id = :study"
                                     " AND number = :number ORDER BY key")
                     : sql_query(db, "SELECT key, body FROM study_sections WHERE study_id = :study"
                                     " AND :number = 0 ORDER BY key");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":study", study_id), SQL_INT(":number", number)));
    return sql_collect_records(&q, arena, &TEXT, 0, texts, count, NULL);
}

static void read_term(Query *q, Arena *arena, void *item)
{
    *(char **)item = sql_col_text(q, 0, arena);
}

/* Fills s from a row of STUDY_SELECT. */
static void read_study(Query *q, Arena *arena, Study *s)
{
    memset(s, 0, sizeof *s);
    int c = sql_read_fields(q, 0, arena, s,
                            SQL_FIELDS(Study, id, case_id, template, status, author_id, submissions, review_comment,
                                       reviewed_by, reviewed_at, created_at, updated_at, version, author_name,
                                       reviewed_by_name, case_reference, case_kind, template_name_ar, template_name_en,
                                       author_sex, reviewed_by_sex));
    s->author_roles = (uint32_t)sql_col_int(q, c);
}

void store_study_read_row(Query *q, Arena *arena, void *item)
{
    read_study(q, arena, item);
}
SQL_RECORD_READ(STUDY, Study, store_study_read_row);

int store_study_insert(Db *db, Study *s)
{
    int64_t now = clock_now();
    Query q = sql_query(db, "INSERT INTO studies (case_id, template, author_id, created_at, updated_at)"
                            " VALUES (:case_id, :template, :author_id, :now, :now) RETURNING id");
    sql_bind_fields(&q, s, SQL_FIELDS(Study, case_id, template, author_id));
    sql_int(&q, ":now", now);
    int rc = sql_exec_returning(&q, &s->id);
    return rc;
}

int store_study_get(Db *db, int64_t id, Arena *arena, Study *s)
{
    int rc = sql_get_by(db, &STUDY, "SELECT " STUDY_COLUMNS " WHERE s.id = :id", ":id", id, arena, s);
    return rc != TK_OK ? rc : read_texts(db, id, 0, arena, &s->texts, &s->text_count);
}

int store_studies_of_case(Db *db, int64_t case_id, Arena *arena, Study **items, int *count)
{
    return sql_list_by(db, &STUDY, "SELECT " STUDY_COLUMNS " WHERE s.case_id = :case ORDER BY s.id DESC", ":case",
                       case_id, arena, items, count);
}

enum { TERM_WORDS = 32 };

/* The words of the index that begin with each term of a search, from study_terms: words[t] with word_counts[t] of
 * them, or prefix[t] when more than TERM_WORDS begin with it (the engine then looks for the prefix itself). *none
 * when a term begins no word at all. */
static int term_words(Db *db, const StudyFilter *f, Arena *arena, char ***words, int *word_counts, bool *prefix,
                      bool *none)
{
    *none = false;
    for (int i = 0; i < f->term_count; i++) {
        /* the words from the term up to (not with) the term followed by the highest code point: those it begins */
        char *end = arena_printf(arena, "%s\xf4\x8f\xbf\xbf", f->terms[i]);
        if (!end)
            return TK_ERR_NOMEM;
        Query q = sql_query(db, "SELECT term FROM study_terms WHERE term >= :term AND term < :end"
                                " ORDER BY term LIMIT :limit");
        sql_bind_args(
            &q, SQL_ARGS(SQL_TEXT(":term", f->terms[i]), SQL_TEXT(":end", end), SQL_INT(":limit", TERM_WORDS + 1)));
        int rc = sql_collect(&q, arena, sizeof(char *), read_term, 0, &words[i], &word_counts[i], NULL);
        if (rc != TK_OK)
            return rc;
        if (word_counts[i] == 0)
            *none = true;
        prefix[i] = word_counts[i] > TERM_WORDS;
    }
    return TK_OK;
}

void store_study_bind_list(Query *q, const CaseViewer *viewer, const StudyFilter *f)
{
    store_bind_case_viewer(q, viewer);
    sql_int(q, ":author", f->author_id);
    sql_text(q, ":status", f->status);
    sql_int(q, ":review", f->review);
    sql_int(q, ":before", f->before_id);
}

int store_study_list(Db *db, const CaseViewer *viewer, const StudyFilter *f, Arena *arena, Study **items, int *count,
                     bool *more)
{
    if (f->term_count > 0) {
        char ***words = arena_calloc(arena, (size_t)f->term_count, sizeof *words);
        int *word_counts = arena_calloc(arena, (size_t)f->term_count, sizeof *word_counts);
        bool *prefix = arena_calloc(arena, (size_t)f->term_count, sizeof *prefix), none;
        if (!words || !word_counts || !prefix)
            return TK_ERR_NOMEM;
        int rc = term_words(db, f, arena, words, word_counts, prefix, &none);
        if (rc != TK_OK)
            return rc;
        if (none) { /* a term that begins no word of any study: nothing to find */
            *items = NULL;
            *count = 0;
            *more = false;
            return TK_OK;
        }
        return engine_study_search(db, viewer, f, (char **const *)words, word_counts, prefix, arena, items, count,
                                   more);
    }
    Query q = sql_query(db, "SELECT " STUDY_COLUMNS " WHERE " CASE_VISIBLE STUDY_KEPT
                            " AND (:before = 0 OR s.id < :before) ORDER BY s.id DESC LIMIT :limit");
    store_study_bind_list(&q, viewer, f);
    sql_int(&q, ":limit", f->limit + 1);
    return sql_collect_records(&q, arena, &STUDY, f->limit, items, count, more);
}

static void read_id(Query *q, Arena *arena, void *item)
{
    (void)arena;
    *(int64_t *)item = sql_col_int(q, 0);
}

static int compare_words(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct words of a folded text, sorted (the text is cut up in place). */
static int distinct_words(Arena *arena, char *text, char ***words)
{
    int count = 0, capacity = 0;
    *words = NULL;
    for (char *word = text; word && *word;) {
        char *end = strchr(word, ' ');
        if (end)
            *end = '\0';
        char **grown = arena_grow(arena, *words, count, &capacity, sizeof(char *));
        if (!grown)
            return -1;
        *words = grown;
        (*words)[count++] = word;
        word = end ? end + 1 : NULL;
    }
    if (count)
        qsort(*words, (size_t)count, sizeof(char *), compare_words);
    int kept = 0;
    for (int i = 0; i < count; i++)
        if (!kept || strcmp((*words)[kept - 1], (*words)[i]) != 0)
            (*words)[kept++] = (*words)[i];
    return kept;
}

/* Replaces the study's entry in the search index with its sections as they stand, folded (text/search.h), and
 * keeps study_terms to the words the index holds: the study's new words are added, and those it no longer has are
 * removed unless another study has them. */
static int reindex(Db *db, int64_t study_id, Arena *arena)
{
    char *before = NULL;
    int rc = engine_study_index_get(db, study_id, arena, &before);
    Buf body;
    buf_init(&body, 64u << 20);
    Query q = sql_query(db, "SELECT ss.body FROM study_sections ss WHERE ss.study_id = :study");
    sql_int(&q, ":study", study_id);
    while (rc == TK_OK && sql_row(&q)) {
        char *text = sql_col_text(&q, 0, arena);
        char *folded = text ? text_search_body(arena, text) : NULL;
        if (!folded || (body.len && buf_append_str(&body, " ") != TK_OK) || buf_append_str(&body, folded) != TK_OK)
            rc = TK_ERR_NOMEM;
    }
    int done = sql_done(&q);
    if (rc == TK_OK)
        rc = done;
    char *after = rc == TK_OK ? arena_strndup(arena, body.data ? body.data : "", body.len) : NULL;
    buf_free(&body);
    if (rc == TK_OK && !after)
        rc = TK_ERR_NOMEM;
    if (rc == TK_OK)
        rc = engine_study_index_put(db, study_id, after);
    char **added = NULL, **removed = NULL;
    int added_count = rc == TK_OK ? distinct_words(arena, after, &added) : 0;
    int removed_count = rc == TK_OK && before ? distinct_words(arena, before, &removed) : 0;
    if (added_count < 0 || removed_count < 0)
        rc = TK_ERR_NOMEM;
    for (int i = 0; rc == TK_OK && i < added_count; i++) {
        rc = sql_run(db, "INSERT INTO study_terms (term) VALUES (:term) ON CONFLICT (term) DO NOTHING",
                     SQL_ARGS(SQL_TEXT(":term", added[i])));
    }
    for (int i = 0; rc == TK_OK && i < removed_count; i++) {
        if (added_count && bsearch(&removed[i], added, (size_t)added_count, sizeof(char *), compare_words))
            continue;
        bool kept = false;
        if ((rc = engine_study_index_has(db, removed[i], &kept)) != TK_OK || kept)
            continue;
        rc = sql_run(db, "DELETE FROM study_terms WHERE term = :term", SQL_ARGS(SQL_TEXT(":term", removed[i])));
    }
    return rc;
}

int store_studies_reindex(Db *db)
{
    Arena arena;
    arena_init(&arena, 0);
    int64_t *ids = NULL;
    int count = 0;
    Query q = sql_query(db, "SELECT id FROM studies ORDER BY id");
    int rc = sql_collect(&q, &arena, sizeof(int64_t), read_id, 0, &ids, &count, NULL);
    Arena scratch;
    arena_init(&scratch, 0);
    for (int i = 0; rc == TK_OK && i < count; i++) {
        rc = reindex(db, ids[i], &scratch);
        arena_reset(&scratch);
    }
    arena_free(&scratch);
    arena_free(&arena);
    return rc;
}

/* Bumps the study's version if it is still study->version; TK_ERR_CONFLICT otherwise. */
static int bump(Db *db, Study *s)
{
    Query q = sql_query(db, "UPDATE studies SET status = :status, submissions = :submissions,"
                            " review_comment = :review_comment, reviewed_by = :reviewed_by, reviewed_at = :reviewed_at,"
                            " updated_at = :now, version = version + 1 WHERE id = :id AND version = :version");
    sql_bind_fields(&q, s, SQL_FIELDS(Study, status, submissions, review_comment));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":reviewed_by", s->reviewed_by), SQL_ID(":reviewed_at", s->reviewed_at)));
    return sql_update_stamped(&q, 0, s->id, &s->version, NULL, &s->updated_at);
}

int store_study_save(Db *db, Study *s, const StudyText *texts, int count)
{
    int rc = bump(db, s);

    for (int i = 0; rc == TK_OK && i < count; i++) {
        if (!texts[i].body || !*texts[i].body) {
            rc = sql_run(db, "DELETE FROM study_sections WHERE study_id = :study AND key = :key",
                         SQL_ARGS(SQL_INT(":study", s->id), SQL_TEXT(":key", texts[i].key)));
        } else {
            rc = sql_run(
                db,
                "INSERT INTO study_sections (study_id, key, body) VALUES (:study, :key, :body)"
                " ON CONFLICT (study_id, key) DO UPDATE SET body = excluded.body",
                SQL_ARGS(SQL_INT(":study", s->id), SQL_TEXT(":key", texts[i].key), SQL_TEXT(":body", texts[i].body)));
        }
    }
    if (rc == TK_OK) {
        Arena arena;
        arena_init(&arena, 0);
        rc = reindex(db, s->id, &arena);
        arena_free(&arena);
    }
    return rc;
}

int store_study_set_status(Db *db, Study *s)
{
    return bump(db, s);
}

int store_study_version_add(Db *db, int64_t study_id, int64_t number, int64_t by)
{
    int rc = sql_run(db,
                     "INSERT INTO study_versions (study_id, number, submitted_by, submitted_at)"
                     " VALUES (:study, :number, :by, :now)",
                     SQL_ARGS(SQL_INT(":study", study_id), SQL_INT(":number", number), SQL_ID(":by", by),
                              SQL_INT(":now", clock_now())));
    if (rc != TK_OK)
        return rc;
    return sql_run(db,
                   "INSERT INTO study_version_sections (study_id, number, key, body)"
                   " SELECT study_id, :number, key, body FROM study_sections WHERE study_id = :study",
                   SQL_ARGS(SQL_INT(":number", number), SQL_INT(":study", study_id)));
}

int store_study_version_decide(Db *db, int64_t study_id, int64_t number, const char *outcome, const char *comment,
                               int64_t by)
{
    return sql_run(db,
                   "UPDATE study_versions SET outcome = :outcome, comment = :comment, decided_by = :by,"
                   " decided_at = :now WHERE study_id = :study AND number = :number",
                   SQL_ARGS(SQL_TEXT(":outcome", outcome), SQL_TEXT(":comment", comment), SQL_ID(":by", by),
                            SQL_INT(":now", clock_now()), SQL_INT(":study", study_id), SQL_INT(":number", number)));
}

#define VERSION_COLUMNS                                                                                                \
    "v.study_id, v.number, v.submitted_by, v.submitted_at, v.outcome, v.comment, v.decided_by, v.decided_at,"          \
    " su.full_name, du.full_name, su.sex, du.sex FROM study_versions v"                                                \
    " LEFT JOIN users su ON su.id = v.submitted_by"                                                                    \
    " LEFT JOIN users du ON du.id = v.decided_by"

SQL_RECORD(VERSION, StudyVersion, study_id, number, submitted_by, submitted_at, outcome, comment, decided_by,
           decided_at, submitted_by_name, decided_by_name, submitted_by_sex, decided_by_sex);

int store_study_versions(Db *db, int64_t study_id, Arena *arena, StudyVersion **items, int *count)
{
    return sql_list_by(db, &VERSION, "SELECT " VERSION_COLUMNS " WHERE v.study_id = :study ORDER BY v.number DESC",
                       ":study", study_id, arena, items, count);
}

int store_study_version_get(Db *db, int64_t study_id, int64_t number, Arena *arena, StudyVersion *v)
{
    Query q = sql_query(db, "SELECT " VERSION_COLUMNS " WHERE v.study_id = :study AND v.number = :number");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":study", study_id), SQL_INT(":number", number)));
    int rc = sql_one_record(&q, arena, &VERSION, v);
    return rc != TK_OK ? rc : read_texts(db, study_id, number, arena, &v->texts, &v->text_count);
}
