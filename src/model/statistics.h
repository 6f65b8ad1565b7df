/* Statistics (docs/statistics.md): the indicators of the catalogue, the dimensions they break down by, the filters of
 * a request, and the table of counts an indicator gives, with the cells hidden by the small-number rule. No cell ever
 * carries a name, a national number, a case reference or free text: its keys are codes, unit ids and months. */
#ifndef TAKAMUL_MODEL_STATISTICS_H
#define TAKAMUL_MODEL_STATISTICS_H

#include <stdbool.h>
#include <stdint.h>

/* The dimensions of the catalogue. Each store row carries a key for every dimension the request groups by. */
typedef enum {
    STAT_DIM_KIND,          /* the case's kind */
    STAT_DIM_GOVERNORATE,   /* the case's governorate */
    STAT_DIM_UNIT,          /* the unit (its id as text) */
    STAT_DIM_MONTH,         /* YYYY-MM in Amman */
    STAT_DIM_SEX,           /* of the principal person */
    STAT_DIM_AGE_BAND,      /* of the principal person, in the year of the report */
    STAT_DIM_VIOLENCE_TYPE, /* the act of the case's first incident */
    STAT_DIM_BUCKET,        /* the indicator's own bands (days, cases per worker) */
    STAT_DIM_DEADLINE,      /* which legal or service deadline */
    STAT_DIM_OUTCOME,       /* met or missed */
    STAT_DIM_STATUS,        /* of a referral, service or study */
    STAT_DIM_TO_UNIT,       /* the receiving unit of a referral */
    STAT_DIM_SERVICE_TYPE,  /* the type of a service */
    STAT_DIM_AGENCY,        /* the agency (the committee's recommendations: the target agency) */
    STAT_DIM_COUNT
} StatDim;

/* An indicator of the catalogue: its id, names, the dimensions it may break down by (bits of 1 << StatDim), and
 * whether it is computed yet (the programmes and the committee's recommendations land with their issues). */
typedef struct {
    const char *id;
    const char *name_ar, *name_en;
    uint32_t dims;
    uint32_t default_dims; /* the breakdown when the request names none */
    bool available;
    const char *pending_issue; /* for one not computed yet: the capability it waits for */
} StatIndicator;

/* The filters of a request, after the access rule has narrowed them. from/to: Amman days as seconds, to exclusive. */
typedef struct {
    int64_t from, to;
    const char *kind;        /* NULL: every kind */
    const char *governorate; /* NULL: every governorate */
    int64_t unit_id;         /* 0: every unit */
    const char *agency;      /* NULL: every agency (a manager's scope sets it) */
    int64_t now;             /* what "still waiting" and "open" are measured against */
    int64_t stale_seconds;   /* a pending referral older than this is stale */
    bool by[STAT_DIM_COUNT]; /* the dimensions asked for */
    bool live;               /* counted from the cases themselves, not from the counts kept (a check compares) */
} StatFilter;

/* One row of the store: the keys of the asked dimensions (NULL for the others) and a count. day: an Amman day number
 * when the month is asked for (the domain turns it into YYYY-MM). number: what the domain bands (the principal
 * person's age, the days a case took, a worker's open cases), -1 when unknown. capacity: homes only, the places
 * against which the residents are counted. */
typedef struct {
    const char *key[STAT_DIM_COUNT];
    int64_t day;
    int64_t number;
    int64_t value;
    int64_t capacity;
} StatRow;

/* Why a cell is hidden: the count is small (1 to threshold-1), or it would give a small one away. */
typedef enum { STAT_SHOWN = 0, STAT_SMALL, STAT_COMPLEMENTARY } StatSuppression;

/* A table of counts: rows by the first dimension asked for, columns by the second (one column when there is one),
 * with a total for each row and column and a grand total. The margins are the sums of their cells. */
typedef struct {
    int dims[2]; /* the dimensions of rows and columns; -1 for none */
    int row_count, column_count;
    const char **row_keys, **column_keys;
    int64_t *cells; /* row_count × column_count */
    int64_t *row_totals, *column_totals, total;
    int64_t *capacity;       /* homes: places for each cell (NULL for other indicators) */
    StatSuppression *hidden; /* (row_count + 1) × (column_count + 1): the last row and column are the margins */
    bool exact;              /* nothing suppressed: a supervisor's own unit on screen */
} StatTable;

/* An entry of the log of data exports: who took which figures away, in which format, with which filters. */
typedef struct {
    int64_t id, at, user_id, unit_id;
    const char *username, *what, *format, *filters;
    const char *user_name, *unit_name_ar, *unit_name_en; /* who, as the auditors' page names them */
} DataExport;

#endif
