#include "store/studies.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"

int store_study_templates(Db *db, Arena *arena, StudyTemplate **items, int *count)
{
    *items = NULL;
    *count = 0;
    int capacity = 0;
    Query q = sql_query(db, "SELECT code, name_ar, name_en, kinds FROM study_templates ORDER BY position");
    while (sql_row(&q)) {
        StudyTemplate *grown = arena_grow(arena, *items, *count, &capacity, sizeof(StudyTemplate));
        if (!grown) {
            sql_done(&q);
            return TK_ERR_NOMEM;
        }
        *items = grown;
        StudyTemplate *t = &(*items)[(*count)++];
        memset(t, 0, sizeof *t);
        t->code = sql_col_text(&q, 0, arena);
        t->name_ar = sql_col_text(&q, 1, arena);
        t->name_en = sql_col_text(&q, 2, arena);
        t->kinds = sql_col_text(&q, 3, arena);
    }
    int rc = sql_done(&q);
    for (int i = 0; rc == TK_OK && i < *count; i++) {
        StudyTemplate *t = &(*items)[i];
        int sections = 0;
        Query s = sql_query(db, "SELECT key, title_ar, title_en, kinds FROM study_template_sections"
                                " WHERE template = :template ORDER BY position");
        sql_text(&s, ":template", t->code);
        while (sql_row(&s)) {
            StudySectionSpec *grown = arena_grow(arena, t->sections, t->section_count, &sections,
                                                 sizeof(StudySectionSpec));
            if (!grown) {
                sql_done(&s);
                return TK_ERR_NOMEM;
            }
            t->sections = grown;
            StudySectionSpec *spec = &t->sections[t->section_count++];
            spec->key = sql_col_text(&s, 0, arena);
            spec->title_ar = sql_col_text(&s, 1, arena);
            spec->title_en = sql_col_text(&s, 2, arena);
            spec->kinds = sql_col_text(&s, 3, arena);
        }
        rc = sql_done(&s);
    }
    return rc;
}

/* The texts of a study (number 0) or of one of its versions, by key. */
static int read_texts(Db *db, int64_t study_id, int64_t number, Arena *arena, StudyText **texts, int *count)
{
    *texts = NULL;
    *count = 0;
    int capacity = 0;
    Query q = number ? sql_query(db, "SELECT key, body FROM study_version_sections WHERE study_id = :study"
                                     " AND number = :number ORDER BY key")
                     : sql_query(db, "SELECT key, body FROM study_sections WHERE study_id = :study"
                                     " AND :number = 0 ORDER BY key");
    sql_int(&q, ":study", study_id);
    sql_int(&q, ":number", number);
    while (sql_row(&q)) {
        StudyText *grown = arena_grow(arena, *texts, *count, &capacity, sizeof(StudyText));
        if (!grown) {
            sql_done(&q);
            return TK_ERR_NOMEM;
        }
        *texts = grown;
        (*texts)[*count].key = sql_col_text(&q, 0, arena);
        (*texts)[*count].body = sql_col_text(&q, 1, arena);
        (*count)++;
    }
    return sql_done(&q);
}

#define STUDY_COLUMNS                                                                                             \
    "s.id, s.case_id, s.template, s.status, s.author_id, s.submissions, s.review_comment, s.reviewed_by,"       \
    " s.reviewed_at, s.created_at, s.updated_at, s.version, au.full_name, ru.full_name, c.reference, c.kind"     \
    " FROM studies s JOIN cases c ON c.id = s.case_id LEFT JOIN users au ON au.id = s.author_id"                 \
    " LEFT JOIN users ru ON ru.id = s.reviewed_by"

static void read_study(Query *q, Arena *arena, Study *s)
{
    memset(s, 0, sizeof *s);
    int c = 0;
    s->id = sql_col_int(q, c++);
    s->case_id = sql_col_int(q, c++);
    s->template = sql_col_text(q, c++, arena);
    s->status = sql_col_text(q, c++, arena);
    s->author_id = sql_col_int(q, c++);
    s->submissions = sql_col_int(q, c++);
    s->review_comment = sql_col_text(q, c++, arena);
    s->reviewed_by = sql_col_int(q, c++);
    s->reviewed_at = sql_col_int(q, c++);
    s->created_at = sql_col_int(q, c++);
    s->updated_at = sql_col_int(q, c++);
    s->version = sql_col_int(q, c++);
    s->author_name = sql_col_text(q, c++, arena);
    s->reviewed_by_name = sql_col_text(q, c++, arena);
    s->case_reference = sql_col_text(q, c++, arena);
    s->case_kind = sql_col_text(q, c++, arena);
}

int store_study_insert(Db *db, Study *s)
{
    int64_t now = clock_now();
    Query q = sql_query(db, "INSERT INTO studies (case_id, template, author_id, created_at, updated_at)"
                            " VALUES (:case, :template, :author, :now, :now)");
    sql_int(&q, ":case", s->case_id);
    sql_text(&q, ":template", s->template);
    sql_int(&q, ":author", s->author_id);
    sql_int(&q, ":now", now);
    int rc = sql_exec(&q);
    if (rc == TK_OK)
        s->id = sql_last_id(db);
    return rc;
}

int store_study_get(Db *db, int64_t id, Arena *arena, Study *s)
{
    Query q = sql_query(db, "SELECT " STUDY_COLUMNS " WHERE s.id = :id");
    sql_int(&q, ":id", id);
    bool found = sql_row(&q);
    if (found)
        read_study(&q, arena, s);
    int rc = sql_done(&q);
    if (rc != TK_OK)
        return rc;
    if (!found)
        return TK_ERR_NOT_FOUND;
    return read_texts(db, id, 0, arena, &s->texts, &s->text_count);
}

int store_studies_of_case(Db *db, int64_t case_id, Arena *arena, Study **items, int *count)
{
    *items = NULL;
    *count = 0;
    int capacity = 0;
    Query q = sql_query(db, "SELECT " STUDY_COLUMNS " WHERE s.case_id = :case ORDER BY s.id DESC");
    sql_int(&q, ":case", case_id);
    while (sql_row(&q)) {
        Study *grown = arena_grow(arena, *items, *count, &capacity, sizeof(Study));
        if (!grown) {
            sql_done(&q);
            return TK_ERR_NOMEM;
        }
        *items = grown;
        read_study(&q, arena, &(*items)[(*count)++]);
    }
    return sql_done(&q);
}

/* Bumps the study's version if it is still study->version; TK_ERR_CONFLICT otherwise. */
static int bump(Db *db, Study *s)
{
    int64_t now = clock_now();
    Query q = sql_query(db, "UPDATE studies SET status = :status, submissions = :submissions,"
                            " review_comment = :comment, reviewed_by = :reviewed_by, reviewed_at = :reviewed_at,"
                            " updated_at = :now, version = version + 1 WHERE id = :id AND version = :version");
    sql_text(&q, ":status", s->status);
    sql_int(&q, ":submissions", s->submissions);
    sql_text(&q, ":comment", s->review_comment);
    sql_int_or_null(&q, ":reviewed_by", s->reviewed_by);
    sql_int_or_null(&q, ":reviewed_at", s->reviewed_at);
    sql_int(&q, ":now", now);
    sql_int(&q, ":id", s->id);
    sql_int(&q, ":version", s->version);
    int rc = sql_exec(&q);
    if (rc != TK_OK)
        return rc;
    if (sql_changes(db) != 1)
        return TK_ERR_CONFLICT;
    s->version++;
    s->updated_at = now;
    return TK_OK;
}

int store_study_save(Db *db, Study *s, const StudyText *texts, int count)
{
    int rc = bump(db, s);
    for (int i = 0; rc == TK_OK && i < count; i++) {
        if (!texts[i].body || !*texts[i].body) {
            Query remove = sql_query(db, "DELETE FROM study_sections WHERE study_id = :study AND key = :key");
            sql_int(&remove, ":study", s->id);
            sql_text(&remove, ":key", texts[i].key);
            rc = sql_exec(&remove);
        } else {
            Query write = sql_query(db, "INSERT INTO study_sections (study_id, key, body) VALUES (:study, :key, :body)"
                                        " ON CONFLICT (study_id, key) DO UPDATE SET body = excluded.body");
            sql_int(&write, ":study", s->id);
            sql_text(&write, ":key", texts[i].key);
            sql_text(&write, ":body", texts[i].body);
            rc = sql_exec(&write);
        }
    }
    return rc;
}

int store_study_set_status(Db *db, Study *s)
{
    return bump(db, s);
}

int store_study_version_add(Db *db, int64_t study_id, int64_t number, int64_t by)
{
    Query v = sql_query(db, "INSERT INTO study_versions (study_id, number, submitted_by, submitted_at)"
                            " VALUES (:study, :number, :by, :now)");
    sql_int(&v, ":study", study_id);
    sql_int(&v, ":number", number);
    sql_int_or_null(&v, ":by", by);
    sql_int(&v, ":now", clock_now());
    int rc = sql_exec(&v);
    if (rc != TK_OK)
        return rc;
    Query copy = sql_query(db, "INSERT INTO study_version_sections (study_id, number, key, body)"
                               " SELECT study_id, :number, key, body FROM study_sections WHERE study_id = :study");
    sql_int(&copy, ":number", number);
    sql_int(&copy, ":study", study_id);
    return sql_exec(&copy);
}

int store_study_version_decide(Db *db, int64_t study_id, int64_t number, const char *outcome, const char *comment,
                               int64_t by)
{
    Query q = sql_query(db, "UPDATE study_versions SET outcome = :outcome, comment = :comment, decided_by = :by,"
                            " decided_at = :now WHERE study_id = :study AND number = :number");
    sql_text(&q, ":outcome", outcome);
    sql_text(&q, ":comment", comment);
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":now", clock_now());
    sql_int(&q, ":study", study_id);
    sql_int(&q, ":number", number);
    return sql_exec(&q);
}

#define VERSION_COLUMNS                                                                                           \
    "v.study_id, v.number, v.submitted_by, v.submitted_at, v.outcome, v.comment, v.decided_by, v.decided_at,"   \
    " su.full_name, du.full_name FROM study_versions v LEFT JOIN users su ON su.id = v.submitted_by"             \
    " LEFT JOIN users du ON du.id = v.decided_by"

static void read_version(Query *q, Arena *arena, StudyVersion *v)
{
    memset(v, 0, sizeof *v);
    int c = 0;
    v->study_id = sql_col_int(q, c++);
    v->number = sql_col_int(q, c++);
    v->submitted_by = sql_col_int(q, c++);
    v->submitted_at = sql_col_int(q, c++);
    v->outcome = sql_col_text(q, c++, arena);
    v->comment = sql_col_text(q, c++, arena);
    v->decided_by = sql_col_int(q, c++);
    v->decided_at = sql_col_int(q, c++);
    v->submitted_by_name = sql_col_text(q, c++, arena);
    v->decided_by_name = sql_col_text(q, c++, arena);
}

int store_study_versions(Db *db, int64_t study_id, Arena *arena, StudyVersion **items, int *count)
{
    *items = NULL;
    *count = 0;
    int capacity = 0;
    Query q = sql_query(db, "SELECT " VERSION_COLUMNS " WHERE v.study_id = :study ORDER BY v.number DESC");
    sql_int(&q, ":study", study_id);
    while (sql_row(&q)) {
        StudyVersion *grown = arena_grow(arena, *items, *count, &capacity, sizeof(StudyVersion));
        if (!grown) {
            sql_done(&q);
            return TK_ERR_NOMEM;
        }
        *items = grown;
        read_version(&q, arena, &(*items)[(*count)++]);
    }
    return sql_done(&q);
}

int store_study_version_get(Db *db, int64_t study_id, int64_t number, Arena *arena, StudyVersion *v)
{
    Query q = sql_query(db, "SELECT " VERSION_COLUMNS " WHERE v.study_id = :study AND v.number = :number");
    sql_int(&q, ":study", study_id);
    sql_int(&q, ":number", number);
    bool found = sql_row(&q);
    if (found)
        read_version(&q, arena, v);
    int rc = sql_done(&q);
    if (rc != TK_OK)
        return rc;
    if (!found)
        return TK_ERR_NOT_FOUND;
    return read_texts(db, study_id, number, arena, &v->texts, &v->text_count);
}
