/* The merges of two records of one person and their undoing: each step of a merge in one transaction with its
 * change-feed rows and its statistics, the merge's row, and the history of a person's merges (docs/store.md). */
#include "store/persons.h"

#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"
#include "store/statistics.h"

/* Runs one statement of a merge or its undoing with :merge, :kept, :merged, :user and :now bound (those it names). */
typedef struct {
    int64_t merge_id, kept_id, merged_id, user_id, now;
} MergeStep;

static int merge_step(Query q, const MergeStep *step)
{
    if (sql_names(&q, ":user"))
        sql_int_or_null(&q, ":user", step->user_id);
    if (sql_names(&q, ":now"))
        sql_int(&q, ":now", step->now);
    if (sql_names(&q, ":merge"))
        sql_int(&q, ":merge", step->merge_id);
    if (sql_names(&q, ":kept"))
        sql_int(&q, ":kept", step->kept_id);
    if (sql_names(&q, ":merged"))
        sql_int(&q, ":merged", step->merged_id);
    return sql_exec(&q);
}

/* The next step of a merge, while all went well. */
#define MERGE_STEP(sql)                                                                                                \
    if (rc == TK_OK)                                                                                                   \
    rc = merge_step(sql_query(db, sql), &step)

int store_person_merge(Db *db, int64_t kept_id, int64_t merged_id, const char *reason, int64_t user_id,
                       int64_t *merge_id)
{
    int64_t now = clock_now();
    int rc = sql_run_returning(db,
                               "INSERT INTO person_merges (kept_id, merged_id, reason, merged_by, merged_at)"
                               " VALUES (:kept, :merged, :reason, :user, :now) RETURNING id",
                               merge_id,
                               SQL_ARGS(SQL_INT(":kept", kept_id), SQL_INT(":merged", merged_id),
                                        SQL_TEXT(":reason", reason), SQL_ID(":user", user_id), SQL_INT(":now", now)));
    if (rc != TK_OK)
        return rc;
    MergeStep step = {*merge_id, kept_id, merged_id, user_id, now};
    /* every link touching the merged record, as it was */
    MERGE_STEP("INSERT INTO person_merge_links (merge_id, link_id, person_id, relative_id, relation, degree, pair_id,"
               " created_by, created_at) SELECT :merge, id, person_id, relative_id, relation, degree, pair_id,"
               " created_by, created_at FROM person_links WHERE person_id = :merged OR relative_id = :merged");
    /* links between the two, and the merged record's links to relatives the kept one already has */
    MERGE_STEP(
        "DELETE FROM person_links WHERE (person_id = :merged AND relative_id = :kept)"
        " OR (person_id = :kept AND relative_id = :merged)"
        " OR (person_id = :merged AND relative_id IN (SELECT relative_id FROM person_links WHERE person_id = :kept))"
        " OR (relative_id = :merged AND person_id IN (SELECT relative_id FROM person_links"
        " WHERE person_id = :kept))");
    MERGE_STEP("UPDATE person_links SET person_id = :kept WHERE person_id = :merged");
    MERGE_STEP("UPDATE person_links SET relative_id = :kept WHERE relative_id = :merged");
    /* the merged record's roles in cases, as they were; those the kept one already has in the same case are dropped,
     * the others move */
    MERGE_STEP("INSERT INTO person_merge_cases (merge_id, case_person_id, case_id, person_id, role, added_by, added_at)"
               " SELECT :merge, id, case_id, person_id, role, added_by, added_at FROM case_persons"
               " WHERE person_id = :merged");
    MERGE_STEP("DELETE FROM case_persons WHERE person_id = :merged AND EXISTS (SELECT 1 FROM case_persons k"
               " WHERE k.case_id = case_persons.case_id AND k.person_id = :kept AND k.role = case_persons.role)");
    MERGE_STEP("UPDATE case_persons SET person_id = :kept WHERE person_id = :merged");
    MERGE_STEP("UPDATE persons SET status = 'merged', merged_into = :kept, version = version + 1, updated_by = :user,"
               " updated_at = :now WHERE id = :merged");
    /* the kept record's family changed: a new version */
    MERGE_STEP("UPDATE persons SET version = version + 1, updated_by = :user, updated_at = :now WHERE id = :kept");
    if (rc == TK_OK)
        rc = store_person_changed(db, merged_id, "merge", now);
    return rc == TK_OK ? store_case_stat_refresh_person(db, kept_id) : rc;
}

int store_person_merge_undo(Db *db, int64_t merge_id, int64_t user_id, const char *reason)
{
    Arena arena;
    arena_init(&arena, 0);
    PersonMerge merge;
    int rc = store_person_merge_get(db, merge_id, &arena, &merge);
    arena_free(&arena);
    if (rc != TK_OK)
        return rc;
    if (merge.undone_at)
        return TK_ERR_CONFLICT;
    MergeStep step = {merge_id, merge.kept_id, merge.merged_id, user_id, clock_now()};
    MERGE_STEP("DELETE FROM person_links WHERE id IN (SELECT link_id FROM person_merge_links WHERE merge_id = :merge)");
    MERGE_STEP(
        "INSERT INTO person_links (id, person_id, relative_id, relation, degree, pair_id, created_by, created_at)"
        " SELECT link_id, person_id, relative_id, relation, degree, pair_id, created_by, created_at"
        " FROM person_merge_links WHERE merge_id = :merge");
    MERGE_STEP("DELETE FROM case_persons WHERE id IN (SELECT case_person_id FROM person_merge_cases"
               " WHERE merge_id = :merge)");
    MERGE_STEP("INSERT INTO case_persons (id, case_id, person_id, role, added_by, added_at)"
               " SELECT case_person_id, case_id, person_id, role, added_by, added_at FROM person_merge_cases"
               " WHERE merge_id = :merge");
    MERGE_STEP("UPDATE persons SET status = 'active', merged_into = NULL, version = version + 1, updated_by = :user,"
               " updated_at = :now WHERE id = :merged");
    MERGE_STEP("UPDATE persons SET version = version + 1, updated_by = :user, updated_at = :now WHERE id = :kept");
    if (rc == TK_OK)
        rc = store_person_changed(db, merge.merged_id, "unmerge", step.now);
    if (rc == TK_OK && (rc = store_case_stat_refresh_person(db, merge.kept_id)) == TK_OK)
        rc = store_case_stat_refresh_person(db, merge.merged_id);
    if (rc != TK_OK)
        return rc;
    return sql_run(db,
                   "UPDATE person_merges SET undone_by = :user, undone_at = :now, undo_reason = :reason WHERE id = :id",
                   SQL_ARGS(SQL_ID(":user", user_id), SQL_INT(":now", step.now), SQL_TEXT(":reason", reason),
                            SQL_INT(":id", merge_id)));
}

/* Reads the columns id … undo_reason of a merge row (a SqlReadRow): item is a PersonMerge. */
static void read_merge(Query *q, Arena *arena, void *item)
{
    PersonMerge *merge = item;
    sql_read_fields(q, 0, arena, merge,
                    SQL_FIELDS(PersonMerge, id, kept_id, merged_id, reason, merged_by, merged_at, undone_by, undone_at,
                               undo_reason));
}

int store_person_merge_get(Db *db, int64_t id, Arena *arena, PersonMerge *merge)
{
    Query q = sql_query(db,
                        "SELECT id, kept_id, merged_id, reason, merged_by, merged_at, undone_by, undone_at, undo_reason"
                        " FROM person_merges WHERE id = :id");
    sql_int(&q, ":id", id);
    return sql_one(&q, arena, read_merge, merge);
}

/* Reads the columns id … undo_reason, merged_by_name, undone_by_name, their sexes of a merge row (a SqlReadRow). */
static void read_merge_row(Query *q, Arena *arena, void *item)
{
    PersonMerge *merge = item;
    read_merge(q, arena, merge);
    sql_read_fields(q, 9, arena, merge,
                    SQL_FIELDS(PersonMerge, merged_by_name, undone_by_name, merged_by_sex, undone_by_sex));
}

int store_person_merges_of(Db *db, int64_t person_id, Arena *arena, PersonMerge **merges, int *count)
{
    Query q = sql_query(
        db, "SELECT m.id, m.kept_id, m.merged_id, m.reason, m.merged_by, m.merged_at, m.undone_by, m.undone_at,"
            " m.undo_reason, mb.full_name, ub.full_name, mb.sex, ub.sex"
            " FROM person_merges m LEFT JOIN users mb ON mb.id = m.merged_by LEFT JOIN users ub ON ub.id = m.undone_by"
            " WHERE m.kept_id = :person OR m.merged_id = :person ORDER BY m.merged_at DESC, m.id DESC LIMIT 500");
    sql_int(&q, ":person", person_id);
    return sql_collect(&q, arena, sizeof(PersonMerge), read_merge_row, 0, merges, count, NULL);
}

int store_person_merge_names(Db *db, PersonMerge *merge, Arena *arena)
{
    merge->merged_by_name = NULL;
    merge->undone_by_name = NULL;
    merge->merged_by_sex = merge->undone_by_sex = NULL;
    Query q = sql_query(
        db, "SELECT (SELECT full_name FROM users WHERE id = :merged_by),"
            " (SELECT full_name FROM users WHERE id = :undone_by), (SELECT sex FROM users WHERE id = :merged_by),"
            " (SELECT sex FROM users WHERE id = :undone_by)");
    sql_int(&q, ":merged_by", merge->merged_by);
    sql_int(&q, ":undone_by", merge->undone_by);
    if (sql_row(&q)) {
        merge->merged_by_name = sql_col_text(&q, 0, arena);
        merge->undone_by_name = sql_col_text(&q, 1, arena);
        merge->merged_by_sex = sql_col_text(&q, 2, arena);
        merge->undone_by_sex = sql_col_text(&q, 3, arena);
    }
    return sql_done(&q);
}
