/* Statistics (domain/statistics/statistics.h, docs/statistics.md): the catalogue, an indicator's table as JSON with
 * its hidden cells marked, and the same table as CSV or XLSX (with the definitions on a second sheet). */
#include <stdlib.h>
#include <string.h>

#include "api/body.h"
#include "api/document.h"
#include "api/handlers.h"
#include "api/statistics_json.h"
#include "base/err.h"
#include "doc/pdf.h"
#include "doc/table.h"
#include "domain/statistics/statistics.h"

static json_t *dims_json(uint32_t dims)
{
    json_t *array = json_array();
    for (int d = 0; d < STAT_DIM_COUNT; d++)
        if (dims & (1u << d))
            json_array_append_new(array, json_string(stat_dim_name(d)));
    return array;
}

static json_t *indicator_json(const StatIndicator *s)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:o, s:b}", "id", s->id, "name_ar", s->name_ar, "name_en", s->name_en,
                          "by", dims_json(s->dims), "default_by", dims_json(s->default_dims), "available",
                          s->available);
    json_object_set_new(j, "pending", api_text_or_null(s->pending_issue));
    return j;
}

int api_statistics_indicators(Request *req)
{
    const StatIndicator *items;
    int count;
    int rc = domain_statistics_catalogue(&req->ctx, &items, &count);
    if (rc == TK_OK)
        api_respond_items(req, NULL, 0, API_ARRAY_OF(items, count, indicator_json));
    return rc;
}

/* How a hidden number reads: "<5" for a small count, "x" for one hidden to protect it. */
static const char *hidden_text(Arena *arena, StatSuppression mark, int64_t threshold)
{
    return mark == STAT_SMALL ? arena_printf(arena, "<%lld", (long long)threshold) : "x";
}

static json_t *number_json(const StatResult *r, Arena *arena, int64_t value, StatSuppression mark)
{
    if (mark == STAT_SHOWN)
        return json_pack("{s:I, s:b}", "value", (json_int_t)value, "suppressed", 0);
    return json_pack("{s:n, s:b, s:s, s:s}", "value", "suppressed", 1, "reason",
                     mark == STAT_SMALL ? "small" : "complementary", "display", hidden_text(arena, mark, r->threshold));
}

static json_t *keys_json(const char **keys, const char **ar, const char **en, int count)
{
    json_t *array = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(array, json_pack("{s:s, s:s, s:s}", "key", keys[i], "name_ar", ar[i] ? ar[i] : keys[i],
                                               "name_en", en[i] ? en[i] : keys[i]));
    return array;
}

json_t *api_statistics_result_json(const StatResult *r, Arena *arena)
{
    const StatTable *t = &r->table;
    json_t *rows = keys_json(t->row_keys, r->row_ar, r->row_en, t->row_count);
    json_t *columns = keys_json(t->column_keys, r->column_ar, r->column_en, t->column_count);
    json_t *cells = json_array();
    for (int i = 0; i < t->row_count; i++) {
        json_object_set_new(json_array_get(rows, (size_t)i), "total",
                            number_json(r, arena, t->row_totals[i], stat_table_hidden(t, i, t->column_count)));
        for (int c = 0; c < t->column_count; c++) {
            size_t at = (size_t)i * (size_t)t->column_count + (size_t)c;
            json_t *cell = number_json(r, arena, t->cells[at], stat_table_hidden(t, i, c));
            if (t->dims[0] >= 0)
                json_object_set_new(cell, stat_dim_name(t->dims[0]), json_string(t->row_keys[i]));
            if (t->dims[1] >= 0)
                json_object_set_new(cell, stat_dim_name(t->dims[1]), json_string(t->column_keys[c]));
            if (t->capacity)
                json_object_set_new(cell, "places", json_integer(t->capacity[at]));
            json_array_append_new(cells, cell);
        }
    }
    for (int c = 0; c < t->column_count; c++)
        json_object_set_new(json_array_get(columns, (size_t)c), "total",
                            number_json(r, arena, t->column_totals[c], stat_table_hidden(t, t->row_count, c)));
    json_t *by = json_array();
    for (int i = 0; i < 2; i++)
        if (t->dims[i] >= 0)
            json_array_append_new(by, json_string(stat_dim_name(t->dims[i])));
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:b, s:o, s:o, s:o}", "indicator", r->indicator->id,
                          "name_ar", r->indicator->name_ar, "name_en", r->indicator->name_en, "from", r->from, "to",
                          r->to, "scope", r->scope, "by", by, "threshold", (json_int_t)r->threshold, "exact", t->exact,
                          "rows", rows, "columns", columns, "cells", cells);
    json_object_set_new(j, "total",
                        number_json(r, arena, t->total, stat_table_hidden(t, t->row_count, t->column_count)));
    return j;
}

/* The request's filters from the query. */
static int read_request(Request *req, StatRequest *s)
{
    memset(s, 0, sizeof *s);
    int rc = api_query_text(req, "from", &s->from);
    if (rc == TK_OK)
        rc = api_query_text(req, "to", &s->to);
    if (rc == TK_OK)
        rc = api_query_text(req, "by", &s->by);
    if (rc == TK_OK)
        rc = api_query_text(req, "kind", &s->kind);
    if (rc == TK_OK)
        rc = api_query_text(req, "governorate", &s->governorate);
    if (rc == TK_OK)
        rc = api_query_id(req, "unit_id", &s->unit_id);
    return rc;
}

/* The number of a cell as text: itself, or how it reads when hidden. */
static const char *cell_text(Arena *arena, const StatResult *r, int64_t value, StatSuppression mark)
{
    return mark == STAT_SHOWN ? arena_printf(arena, "%lld", (long long)value) : hidden_text(arena, mark, r->threshold);
}

/* The table as text: a header row (the rows' dimension, each column, the total), a row per key, a row of totals. */
static int result_table(Arena *arena, const StatResult *r, bool english, DocTable *out)
{
    const StatTable *t = &r->table;
    int columns = t->column_count + (t->column_count > 1 ? 2 : 1);
    int rows = t->row_count + 1;
    const char **header = arena_calloc(arena, (size_t)columns, sizeof(char *));
    const char **cells = arena_calloc(arena, (size_t)columns * (size_t)rows, sizeof(char *));
    if (!header || !cells)
        return TK_ERR_NOMEM;
    header[0] = t->dims[0] >= 0 ? stat_dim_name(t->dims[0]) : "";
    for (int c = 0; c < t->column_count; c++)
        header[1 + c] = t->column_count > 1 ? (english ? r->column_en[c] : r->column_ar[c])
                                            : (english ? r->indicator->name_en : r->indicator->name_ar);
    if (t->column_count > 1)
        header[columns - 1] = english ? "Total" : "المجموع";
    for (int i = 0; i <= t->row_count; i++) {
        const char **line = cells + (size_t)i * (size_t)columns;
        line[0] = i < t->row_count ? (english ? r->row_en[i] : r->row_ar[i]) : (english ? "Total" : "المجموع");
        for (int c = 0; c < t->column_count; c++) {
            int64_t v = i < t->row_count ? t->cells[(size_t)i * (size_t)t->column_count + (size_t)c]
                                         : t->column_totals[c];
            line[1 + c] = cell_text(arena, r, v, stat_table_hidden(t, i, c));
        }
        if (t->column_count > 1)
            line[columns - 1] = cell_text(arena, r, i < t->row_count ? t->row_totals[i] : t->total,
                                          stat_table_hidden(t, i, t->column_count));
    }
    *out = (DocTable){.name = english ? "Statistics" : "الإحصاءات",
                      .column_count = columns,
                      .row_count = rows,
                      .header = header,
                      .cells = cells};
    return TK_OK;
}

/* The second sheet: what the figures are, their period and filters, and the small-number rule. */
static int definitions_table(Arena *arena, const StatResult *r, const StatRequest *s, bool english, DocTable *out)
{
    enum { LINES = 8 };
    const char **cells = arena_calloc(arena, LINES * 2, sizeof(char *));
    static const char *header_ar[] = {"البند", "القيمة"}, *header_en[] = {"Item", "Value"};
    if (!cells)
        return TK_ERR_NOMEM;
    const char *lines[LINES][2] = {
        {english ? "Indicator" : "المؤشر", english ? r->indicator->name_en : r->indicator->name_ar},
        {english ? "Indicator id" : "رمز المؤشر", r->indicator->id},
        {english ? "From" : "من", r->from},
        {english ? "To" : "إلى", r->to},
        {english ? "Scope" : "النطاق", r->scope},
        {english ? "Filters" : "عوامل التصفية",
         arena_printf(arena, "kind=%s governorate=%s unit_id=%lld", s->kind ? s->kind : "",
                      s->governorate ? s->governorate : "", (long long)s->unit_id)},
        {english ? "Small numbers" : "الأعداد الصغيرة",
         english ? arena_printf(arena,
                                "Counts from 1 to %lld are shown as <%lld; x marks a count hidden so that a small one "
                                "cannot be worked out from the totals.",
                                (long long)r->threshold - 1, (long long)r->threshold)
                 : arena_printf(arena,
                                "تظهر الأعداد من ١ إلى %lld على شكل <%lld، وتشير x إلى عدد حُجب كي لا يُستنتج العدد "
                                "الصغير من المجاميع.",
                                (long long)r->threshold - 1, (long long)r->threshold)},
        {english ? "Definitions" : "التعريفات",
         english ? "docs/statistics.md: each indicator's definition" : "docs/statistics.md: تعريف كل مؤشر"},
    };
    for (int i = 0; i < LINES; i++) {
        cells[i * 2] = lines[i][0];
        cells[i * 2 + 1] = lines[i][1];
    }
    *out = (DocTable){.name = english ? "Definitions" : "التعريفات",
                      .column_count = 2,
                      .row_count = LINES,
                      .header = english ? header_en : header_ar,
                      .cells = cells};
    return TK_OK;
}

/* GET /statistics/{indicator}[.csv|.xlsx] */
int api_statistics_get(Request *req)
{
    const char *name = strrchr(req->path, '/');
    name = name ? name + 1 : req->path;
    const char *dot = strchr(name, '.');
    const char *format = dot ? dot + 1 : NULL;
    if (format && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)
        return fault_set(req->ctx.fault, TK_ERR_NOT_FOUND, "statistics.format");
    const char *id = dot ? arena_strndup(&req->arena, name, (size_t)(dot - name)) : name;
    StatRequest s;
    int rc = read_request(req, &s);
    if (rc != TK_OK)
        return rc;
    s.for_export = format != NULL;
    s.format = format;
    StatResult r;
    rc = domain_statistics(&req->ctx, id, &s, &r);
    if (rc != TK_OK)
        return rc;
    if (!format) {
        api_respond(req, 200, api_statistics_result_json(&r, &req->arena));
        return TK_OK;
    }
    DocTable sheets[2];
    rc = result_table(&req->arena, &r, req->english, &sheets[0]);
    if (rc == TK_OK)
        rc = definitions_table(&req->arena, &r, &s, req->english, &sheets[1]);
    if (rc != TK_OK)
        return rc;
    return api_respond_table(req, sheets, 2, format,
                             arena_printf(&req->arena, "%s-%s-%s.%s", r.indicator->id, r.from, r.to, format));
}

/* --- the monthly report --- */

static const char *const dim_names_ar[STAT_DIM_COUNT] = {
    [STAT_DIM_KIND] = "نوع الحالة",
    [STAT_DIM_GOVERNORATE] = "المحافظة",
    [STAT_DIM_UNIT] = "الوحدة",
    [STAT_DIM_MONTH] = "الشهر",
    [STAT_DIM_SEX] = "الجنس",
    [STAT_DIM_AGE_BAND] = "الفئة العمرية",
    [STAT_DIM_VIOLENCE_TYPE] = "نوع العنف",
    [STAT_DIM_BUCKET] = "الفئة",
    [STAT_DIM_DEADLINE] = "المدة",
    [STAT_DIM_OUTCOME] = "النتيجة",
    [STAT_DIM_STATUS] = "الحالة",
    [STAT_DIM_TO_UNIT] = "الوحدة المستقبِلة",
    [STAT_DIM_SERVICE_TYPE] = "نوع الخدمة",
    [STAT_DIM_AGENCY] = "الجهة",
};

static const char *const months_ar[12] = {"كانون الثاني", "شباط",        "آذار",         "نيسان",
                                          "أيار",         "حزيران",      "تموز",         "آب",
                                          "أيلول",        "تشرين الأول", "تشرين الثاني", "كانون الأول"};

/* A YYYY-MM-DD date as day/month/year, as on Jordanian forms. */
static const char *day_month_year(Arena *arena, const char *date)
{
    int y, m, d;
    return sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3 ? arena_printf(arena, "%d/%d/%d", d, m, y) : date;
}

/* A figure as written in an Arabic line: "<5" isolated left to right (its sign would otherwise turn round). */
static const char *figure_isolated(Arena *arena, const char *figure)
{
    return figure[0] == '<' ? arena_printf(arena, "\u2066%s\u2069", figure) : figure;
}

/* Appends the blocks of one table (its heading, header row, a row per key, the totals) to blocks at *n. */
static void report_table(Arena *arena, const StatResult *r, DocBlock *blocks, int *n)
{
    const StatTable *t = &r->table;
    DocTable text;
    if (result_table(arena, r, false, &text) != TK_OK)
        return;
    int columns = text.column_count < DOC_MAX_CELLS ? text.column_count : DOC_MAX_CELLS;
    const char *by = t->dims[1] >= 0 ? arena_printf(arena, "%s و%s", dim_names_ar[t->dims[0]], dim_names_ar[t->dims[1]])
                                     : dim_names_ar[t->dims[0]];
    blocks[(*n)++] = (DocBlock){.kind = DOC_HEADING,
                                .text = arena_printf(arena, "%s حسب %s", r->indicator->name_ar, by)};
    int first = 100 - (columns - 1) * (columns > 3 ? 14 : 20);
    DocBlock header = {.kind = DOC_ROW, .bold = 1, .cell_count = columns};
    for (int c = 0; c < columns; c++) {
        header.cells[c] = c == 0 ? dim_names_ar[t->dims[0]] : text.header[c];
        header.widths[c] = c == 0 ? first : (100 - first) / (columns - 1);
    }
    blocks[(*n)++] = header;
    for (int i = 0; i < text.row_count; i++) {
        DocBlock row = header;
        row.bold = i == text.row_count - 1;
        for (int c = 0; c < columns; c++) {
            const char *cell = text.cells[(size_t)i * (size_t)text.column_count + (size_t)c];
            row.cells[c] = c > 0 ? figure_isolated(arena, cell) : cell;
        }
        blocks[(*n)++] = row;
    }
    /* the rows' totals as a chart: a bar each, a hidden figure written without its bar */
    const char *const *line = text.cells;
    int64_t max = 0;
    int margin = t->column_count > 1 ? t->column_count : 0; /* one column: its cells are the rows' totals */
    for (int i = 0; i < t->row_count; i++)
        if (!stat_table_hidden(t, i, margin) && t->row_totals[i] > max)
            max = t->row_totals[i];
    for (int i = 0; max > 0 && i < t->row_count && t->row_count > 1; i++) {
        bool hidden = stat_table_hidden(t, i, margin);
        const char *figure = line[(size_t)i * (size_t)text.column_count + (size_t)text.column_count - 1];
        blocks[(*n)++] = (DocBlock){.kind = DOC_BAR,
                                    .label = line[(size_t)i * (size_t)text.column_count],
                                    .text = figure_isolated(arena, figure),
                                    .value = hidden ? 0 : (double)t->row_totals[i],
                                    .max = (double)max};
    }
}

/* GET /reports/monthly?month=YYYY-MM: the month's tables as an Arabic PDF, small counts hidden. */
int api_reports_monthly(Request *req)
{
    const char *month;
    int rc = api_query_text(req, "month", &month);
    if (rc != TK_OK)
        return rc;
    if (!month)
        return fault_field(req->ctx.fault, TK_ERR_INVALID, "field.required", "month");
    StatResult *tables;
    int count;
    if ((rc = domain_statistics_monthly(&req->ctx, month, &tables, &count)) != TK_OK)
        return rc;
    Arena *arena = &req->arena;
    int y = 0, m = 1;
    sscanf(month, "%4d-%2d", &y, &m);
    int capacity = 8;
    for (int i = 0; i < count; i++)
        capacity += 2 * tables[i].table.row_count + 4; /* the table's rows and its chart's bars */
    DocBlock *blocks = arena_calloc(arena, (size_t)capacity, sizeof(DocBlock));
    if (!blocks)
        return TK_ERR_NOMEM;
    int n = 0;
    const char *scope = strcmp(tables[0].scope, "national") == 0 ? "الأرقام الوطنية"
                        : strcmp(tables[0].scope, "agency") == 0 ? "أرقام الجهة"
                                                                 : "أرقام الوحدة";
    const char *title = arena_printf(arena, "التقرير الإحصائي الشهري — %s %d", months_ar[m - 1], y);
    blocks[n++] = (DocBlock){.kind = DOC_SUBTITLE, .text = "المملكة الأردنية الهاشمية — وزارة التنمية الاجتماعية"};
    blocks[n++] = (DocBlock){.kind = DOC_TITLE, .text = title};
    blocks[n++] = (DocBlock){.kind = DOC_SUBTITLE,
                             .text = arena_printf(arena, "%s — من %s إلى %s", scope,
                                                  day_month_year(arena, tables[0].from),
                                                  day_month_year(arena, tables[0].to))};
    blocks[n++] = (DocBlock){
        .kind = DOC_TEXT,
        .text = arena_printf(arena,
                             "لا يحمل هذا التقرير اسماً ولا رقماً وطنياً ولا رقم حالة. تظهر الأعداد من 1 إلى %lld على شكل "
                             "<%lld، وتشير x إلى عدد حُجب كي لا يُستنتج العدد الصغير من المجاميع.",
                             (long long)tables[0].threshold - 1, (long long)tables[0].threshold)};
    for (int i = 0; i < count; i++)
        report_table(arena, &tables[i], blocks, &n);
    Doc doc = {.title = title, .header = title, .page = "صفحة", .of = "من", .blocks = blocks, .block_count = n};
    return api_respond_pdf(req, &doc, arena_printf(arena, "monthly-report-%s.pdf", month));
}

/* GET /data-exports?cursor=&limit=: the log of data exports (auditors). */
int api_data_exports(Request *req)
{
    int64_t before = 0;
    int limit = 0;
    if (api_query_id(req, "cursor", &before) || api_query_limit(req, &limit))
        return TK_ERR_INVALID;
    DataExport *items;
    int count;
    bool more;
    int rc = domain_data_exports(&req->ctx, before, limit, &items, &count, &more);
    if (rc != TK_OK)
        return rc;
    json_t *array = json_array();
    for (int i = 0; i < count; i++) {
        const DataExport *e = &items[i];
        json_t *j = json_pack("{s:I, s:o, s:s, s:s, s:s}", "id", (json_int_t)e->id, "at", api_time(e->at), "what",
                              e->what, "format", e->format, "filters", e->filters);
        json_object_set_new(j, "user_id", api_id_or_null(e->user_id));
        json_object_set_new(j, "username", api_text_or_null(e->username));
        json_object_set_new(j, "unit_id", api_id_or_null(e->unit_id));
        api_set_texts(j, "user_name", e->user_name, "unit_name_ar", e->unit_name_ar, "unit_name_en", e->unit_name_en,
                      NULL);
        json_array_append_new(array, j);
    }
    api_respond(req, 200, api_page_json(array, more && count ? items[count - 1].id : 0));
    return TK_OK;
}
