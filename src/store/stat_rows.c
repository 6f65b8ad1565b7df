/* The statistics' rows (store/statistics.h): each statement groups by every dimension it knows, each one folded to NULL
 * by its :by_… parameter unless asked for, so that one literal statement serves every breakdown; here the binding of
 * those parameters and of the scope, and the reading of a row of counts. */
#include "store/stat_rows.h"

void stat_bind_scope(Query *q, const StatFilter *f)
{
    sql_text(q, ":kind", f->kind);
    sql_text(q, ":gov", f->governorate);
    sql_int(q, ":unit", f->unit_id);
    sql_text(q, ":agency", f->agency);
}

void stat_bind_by(Query *q, const StatFilter *f)
{
    static const struct {
        const char *name;
        int dim;
    } names[] = {
        {":by_kind", STAT_DIM_KIND},  {":by_gov", STAT_DIM_GOVERNORATE},   {":by_unit", STAT_DIM_UNIT},
        {":by_day", STAT_DIM_MONTH},  {":by_sex", STAT_DIM_SEX},           {":by_violence", STAT_DIM_VIOLENCE_TYPE},
        {":by_to", STAT_DIM_TO_UNIT}, {":by_type", STAT_DIM_SERVICE_TYPE},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (sql_names(q, names[i].name))
            sql_int(q, names[i].name, f->by[names[i].dim] ? 1 : 0);
}

const char *stat_unit_key(Query *q, int col, Arena *arena)
{
    return sql_col_is_null(q, col) ? NULL : arena_printf(arena, "%lld", (long long)sql_col_int(q, col));
}

void stat_read_columns(Query *q, Arena *arena, StatRow *r, const int *columns, int count)
{
    r->day = r->number = -1;
    r->value = 1;
    for (int col = 0; col < count; col++) {
        int what = columns[col];
        if (what >= COL_UNIT)
            r->key[what - COL_UNIT] = stat_unit_key(q, col, arena);
        else if (what >= 0)
            r->key[what] = sql_col_text(q, col, arena);
        else if (what == COL_DAY || what == COL_NUMBER)
            *(what == COL_DAY ? &r->day : &r->number) = sql_col_is_null(q, col) ? -1 : sql_col_int(q, col);
        else if (what == COL_VALUE || what == COL_CAPACITY)
            *(what == COL_VALUE ? &r->value : &r->capacity) = sql_col_int(q, col);
    }
}

/* Binds the grouping, the scope and the period (:from, :to) of f, then collects the rows read by read. */
int stat_collect_in_period(Query *q, const StatFilter *f, Arena *arena, SqlReadRow read, StatRow **rows, int *count)
{
    stat_bind_by(q, f);
    stat_bind_scope(q, f);
    sql_int(q, ":from", f->from);
    sql_int(q, ":to", f->to);
    return sql_collect(q, arena, sizeof(StatRow), read, 0, rows, count, NULL);
}
