/* The committee's fact-finding groups with their members, and the statistics figures observations attach as
 * evidence. Decides no rule. */
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/committee.h"
#include "store/sql.h"

enum { MEMBERS_MAX = 50 };

/* Replaces the members of a group by g->members. */
static int members_write(Db *db, const FactFindingGroup *g)
{
    int rc = sql_run(db, "DELETE FROM fact_finding_members WHERE group_id = :group",
                     SQL_ARGS(SQL_INT(":group", g->id)));
    for (int i = 0; rc == TK_OK && i < g->member_count; i++) {
        rc = sql_run(db,
                     "INSERT INTO fact_finding_members (group_id, position, name, agency)"
                     " VALUES (:group, :position, :name, :agency)",
                     SQL_ARGS(SQL_INT(":group", g->id), SQL_INT(":position", i + 1),
                              SQL_TEXT(":name", g->members[i].name), SQL_TEXT(":agency", g->members[i].agency)));
    }
    return rc;
}

int store_fact_finding_add(Db *db, FactFindingGroup *g, int64_t by)
{
    g->created_at = g->updated_at = clock_now();
    g->state = "working";
    g->version = 1;
    int rc = sql_run_returning(db,
                               "INSERT INTO fact_finding_groups (meeting_id, item_id, task, due_on, created_by,"
                               " created_at, updated_by, updated_at) VALUES (:meeting, :item, :task, :due, :by, :now,"
                               " :by, :now) RETURNING id",
                               &g->id,
                               SQL_ARGS(SQL_INT(":meeting", g->meeting_id), SQL_ID(":item", g->item_id),
                                        SQL_TEXT(":task", g->task), SQL_TEXT(":due", g->due_on), SQL_ID(":by", by),
                                        SQL_INT(":now", g->created_at)));
    return rc == TK_OK ? members_write(db, g) : rc;
}

#define GROUP_COLUMNS                                                                                                  \
    "g.id, g.meeting_id, g.item_id, g.task, g.due_on, g.state, g.report, g.reported_on, g.created_at, g.updated_at,"   \
    " g.version, m.number, m.year, m.minutes_approved_at, i.id, rm.id, rm.number, rm.year FROM fact_finding_groups g"  \
    " JOIN meetings m ON m.id = g.meeting_id"                                                                          \
    " LEFT JOIN meeting_items i ON i.id = (SELECT min(x.id) FROM meeting_items x WHERE x.fact_finding_id = g.id)"      \
    " LEFT JOIN meetings rm ON rm.id = i.meeting_id"

SQL_RECORD(GROUP, FactFindingGroup, id, meeting_id, item_id, task, due_on, state, report, reported_on, created_at,
           updated_at, version, meeting_number, meeting_year, minutes_approved_at, report_item_id, report_meeting_id,
           report_meeting_number, report_meeting_year);
SQL_RECORD(MEMBER, FactFindingMember, name, agency);

static int members_read(Db *db, Arena *arena, FactFindingGroup *g)
{
    return sql_list(db, &MEMBER,
                    "SELECT name, agency FROM fact_finding_members WHERE group_id = :group ORDER BY position",
                    MEMBERS_MAX, arena, &g->members, &g->member_count, SQL_ARGS(SQL_INT(":group", g->id)));
}

int store_fact_finding_get(Db *db, int64_t id, Arena *arena, FactFindingGroup *g)
{
    int rc = sql_get_by(db, &GROUP, "SELECT " GROUP_COLUMNS " WHERE g.id = :id", ":id", id, arena, g);
    return rc == TK_OK ? members_read(db, arena, g) : rc;
}

static int groups_with_members(Db *db, Arena *arena, FactFindingGroup *items, int count)
{
    int rc = TK_OK;
    for (int i = 0; rc == TK_OK && i < count; i++)
        rc = members_read(db, arena, &items[i]);
    return rc;
}

int store_fact_findings(Db *db, int64_t meeting_id, Arena *arena, FactFindingGroup **items, int *count)
{
    int rc = sql_list(db, &GROUP,
                      "SELECT " GROUP_COLUMNS " WHERE (:meeting = 0 OR g.meeting_id = :meeting) ORDER BY g.id DESC",
                      500, arena, items, count, SQL_ARGS(SQL_INT(":meeting", meeting_id)));
    return rc == TK_OK ? groups_with_members(db, arena, *items, *count) : rc;
}

int store_fact_findings_to_hear(Db *db, Arena *arena, FactFindingGroup **items, int *count)
{
    return sql_list(db, &GROUP,
                    "SELECT " GROUP_COLUMNS " WHERE g.state = 'reported' AND i.id IS NULL ORDER BY g.reported_on, g.id",
                    200, arena, items, count, NULL, 0);
}

int store_fact_finding_update(Db *db, FactFindingGroup *g, bool members, int64_t by)
{
    Query q = sql_query(db, "UPDATE fact_finding_groups SET task = :task, due_on = :due_on, state = :state,"
                            " report = :report, reported_on = :reported_on, updated_by = :by, updated_at = :now,"
                            " version = version + 1 WHERE id = :id AND version = :version");
    sql_bind_fields(&q, g, SQL_FIELDS(FactFindingGroup, task, due_on, state, report, reported_on));
    int rc = sql_update_by(&q, by, g->id, &g->version);
    return rc == TK_OK && members ? members_write(db, g) : rc;
}

/* --- figures as evidence --- */

int store_observation_figures_add(Db *db, ObservationFigures *f)
{
    f->attached_at = clock_now();
    Query q = sql_query(
        db, "INSERT INTO observation_figures (observation_id, indicator, breakdown, period_from,"
            " period_to, threshold, figures, export_id, attached_by, attached_at) VALUES"
            " (:observation_id, :indicator, :breakdown, :period_from, :period_to, :threshold, :figures, :export, :by,"
            " :now) RETURNING id");
    sql_bind_fields(&q, f,
                    SQL_FIELDS(ObservationFigures, observation_id, indicator, breakdown, period_from, period_to,
                               threshold, figures));
    sql_bind_args(
        &q, SQL_ARGS(SQL_ID(":export", f->export_id), SQL_ID(":by", f->attached_by), SQL_INT(":now", f->attached_at)));
    return sql_exec_returning(&q, &f->id);
}

SQL_RECORD(FIGURES, ObservationFigures, id, observation_id, indicator, breakdown, period_from, period_to, threshold,
           figures, export_id, attached_by, attached_at, attached_by_name);

int store_observation_figures(Db *db, int64_t observation_id, Arena *arena, ObservationFigures **items, int *count)
{
    return sql_list(db, &FIGURES,
                    "SELECT f.id, f.observation_id, f.indicator, f.breakdown, f.period_from, f.period_to, f.threshold,"
                    " f.figures, f.export_id, f.attached_by, f.attached_at, u.full_name"
                    " FROM observation_figures f LEFT JOIN users u ON u.id = f.attached_by"
                    " WHERE f.observation_id = :observation ORDER BY f.id",
                    50, arena, items, count, SQL_ARGS(SQL_INT(":observation", observation_id)));
}
