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
    int rc = sql_run(
        db,
        "UPDATE case_assignments SET ended_at = :now, ended_by = :by"
        " WHERE case_id = :case AND role = :role AND ended_at IS NULL",
        SQL_ARGS(SQL_INT(":now", now), SQL_ID(":by", by), SQL_INT(":case", case_id), SQL_TEXT(":role", role)));
    if (rc != TK_OK)
        return rc;
    rc = sql_run(db,
                 "INSERT INTO case_assignments (case_id, user_id, role, assigned_by, assigned_at)"
                 " VALUES (:case, :user, :role, :by, :now)",
                 SQL_ARGS(SQL_INT(":case", case_id), SQL_INT(":user", user_id), SQL_TEXT(":role", role),
                          SQL_ID(":by", by), SQL_INT(":now", now)));
    return rc == TK_OK ? store_case_stat_refresh(db, case_id) : rc; /* its first worker */
}

int store_case_unassign(Db *db, int64_t case_id, int64_t assignment_id, int64_t by)
{
    return sql_run_one(db,
                       "UPDATE case_assignments SET ended_at = :now, ended_by = :by"
                       " WHERE id = :id AND case_id = :case AND ended_at IS NULL",
                       TK_ERR_NOT_FOUND,
                       SQL_ARGS(SQL_INT(":now", clock_now()), SQL_ID(":by", by), SQL_INT(":id", assignment_id),
                                SQL_INT(":case", case_id)));
}

#define ASSIGNMENT_COLUMNS                                                                                             \
    "a.id, a.case_id, a.user_id, a.role, a.assigned_by, a.assigned_at, u.full_name, u.sex"                             \
    " FROM case_assignments a JOIN users u ON u.id = a.user_id"
SQL_RECORD(ASSIGNMENT, CaseAssignment, id, case_id, user_id, role, assigned_by, assigned_at, user_name, user_sex);

int store_case_assignments(Db *db, int64_t case_id, Arena *arena, CaseAssignment **items, int *count)
{
    return sql_list_by(db, &ASSIGNMENT,
                       "SELECT " ASSIGNMENT_COLUMNS " WHERE a.case_id = :case AND a.ended_at IS NULL ORDER BY a.id",
                       ":case", case_id, arena, items, count);
}

int store_case_person_add(Db *db, int64_t case_id, int64_t person_id, const char *role, int64_t by, int64_t *id)
{
    int rc = sql_run_returning(db,
                               "INSERT INTO case_persons (case_id, person_id, role, added_by, added_at)"
                               " VALUES (:case, :person, :role, :by, :now) RETURNING id",
                               id,
                               SQL_ARGS(SQL_INT(":case", case_id), SQL_INT(":person", person_id),
                                        SQL_TEXT(":role", role), SQL_ID(":by", by), SQL_INT(":now", clock_now())));
    return rc == TK_OK ? store_case_stat_refresh(db, case_id) : rc;
}

int store_case_person_remove(Db *db, int64_t case_id, int64_t id)
{
    int rc = sql_run_one(db, "DELETE FROM case_persons WHERE id = :id AND case_id = :case", TK_ERR_NOT_FOUND,
                         SQL_ARGS(SQL_INT(":id", id), SQL_INT(":case", case_id)));
    return rc == TK_OK ? store_case_stat_refresh(db, case_id) : rc;
}

#define CASE_PERSON_COLUMNS "id, case_id, person_id, role, added_by, added_at FROM case_persons"
SQL_RECORD(CASE_PERSON, CasePerson, id, case_id, person_id, role, added_by, added_at);

int store_case_persons(Db *db, int64_t case_id, Arena *arena, CasePerson **items, int *count)
{
    int rc = sql_list_by(db, &CASE_PERSON, "SELECT " CASE_PERSON_COLUMNS " WHERE case_id = :case ORDER BY id", ":case",
                         case_id, arena, items, count);
    for (int i = 0; i < *count && rc == TK_OK; i++)
        rc = store_person_get(db, (*items)[i].person_id, arena, &(*items)[i].person);
    return rc;
}
