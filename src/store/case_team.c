/* Who is on a case: its workers (assignments) and its persons in their roles. */
#include "store/cases.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/persons.h"
#include "store/sql.h"
#include "store/statistics.h"

int store_case_assign(Db *db, int64_t case_id, int64_t user_id, const char *role, int64_t by)
{
    int64_t now = clock_now();
    Query end = sql_query(db, "UPDATE case_assignments SET ended_at = :now, ended_by = :by"
                              " WHERE case_id = :case AND role = :role AND ended_at IS NULL");
    sql_int(&end, ":now", now);
    sql_int_or_null(&end, ":by", by);
    sql_int(&end, ":case", case_id);
    sql_text(&end, ":role", role);
    int rc = sql_exec(&end);
    if (rc != TK_OK)
        return rc;
    Query q = sql_query(db, "INSERT INTO case_assignments (case_id, user_id, role, assigned_by, assigned_at)"
                            " VALUES (:case, :user, :role, :by, :now)");
    sql_int(&q, ":case", case_id);
    sql_int(&q, ":user", user_id);
    sql_text(&q, ":role", role);
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":now", now);
    rc = sql_exec(&q);
    return rc == TK_OK ? store_case_stat_refresh(db, case_id) : rc; /* its first worker */
}

int store_case_unassign(Db *db, int64_t case_id, int64_t assignment_id, int64_t by)
{
    Query q = sql_query(db, "UPDATE case_assignments SET ended_at = :now, ended_by = :by"
                            " WHERE id = :id AND case_id = :case AND ended_at IS NULL");
    sql_int(&q, ":now", clock_now());
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":id", assignment_id);
    sql_int(&q, ":case", case_id);
    return sql_exec_one(&q, TK_ERR_NOT_FOUND);
}

SQL_RECORD(ASSIGNMENT, CaseAssignment, id, case_id, user_id, role, assigned_by, assigned_at, user_name, user_sex);

int store_case_assignments(Db *db, int64_t case_id, Arena *arena, CaseAssignment **items, int *count)
{
    return sql_list_by(db, &ASSIGNMENT,
                       "SELECT a.id, a.case_id, a.user_id, a.role, a.assigned_by, a.assigned_at, u.full_name, u.sex"
                       " FROM case_assignments a JOIN users u ON u.id = a.user_id"
                       " WHERE a.case_id = :case AND a.ended_at IS NULL ORDER BY a.id",
                       ":case", case_id, arena, items, count);
}

int store_case_person_add(Db *db, int64_t case_id, int64_t person_id, const char *role, int64_t by, int64_t *id)
{
    Query q = sql_query(db, "INSERT INTO case_persons (case_id, person_id, role, added_by, added_at)"
                            " VALUES (:case, :person, :role, :by, :now) RETURNING id");
    sql_int(&q, ":case", case_id);
    sql_int(&q, ":person", person_id);
    sql_text(&q, ":role", role);
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":now", clock_now());
    int rc = sql_exec_returning(&q, id);
    return rc == TK_OK ? store_case_stat_refresh(db, case_id) : rc;
}

int store_case_person_remove(Db *db, int64_t case_id, int64_t id)
{
    Query q = sql_query(db, "DELETE FROM case_persons WHERE id = :id AND case_id = :case");
    sql_int(&q, ":id", id);
    sql_int(&q, ":case", case_id);
    int rc = sql_exec_one(&q, TK_ERR_NOT_FOUND);
    return rc == TK_OK ? store_case_stat_refresh(db, case_id) : rc;
}

SQL_RECORD(CASE_PERSON, CasePerson, id, case_id, person_id, role, added_by, added_at);

int store_case_persons(Db *db, int64_t case_id, Arena *arena, CasePerson **items, int *count)
{
    int rc = sql_list_by(
        db, &CASE_PERSON,
        "SELECT id, case_id, person_id, role, added_by, added_at FROM case_persons WHERE case_id = :case ORDER BY id",
        ":case", case_id, arena, items, count);
    for (int i = 0; i < *count && rc == TK_OK; i++)
        rc = store_person_get(db, (*items)[i].person_id, arena, &(*items)[i].person);
    return rc;
}
