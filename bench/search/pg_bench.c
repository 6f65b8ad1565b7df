/* The person-search benchmark against PostgreSQL pg_trgm: the persons of the Takamul database copied into a
 * table with two names each, as typed (first, father, grandfather and family names joined by spaces) and
 * pre-normalised (Takamul's stored search keys), each with a GIN trigram index. A query finds the names within
 * pg_trgm's similarity threshold (the % operator, which uses the index), ranks them by similarity(), the birth
 * year breaking ties, and puts the holder of a national number typed exactly first.
 *
 * usage: bench_search_pg --conninfo STR --load --db TAKAMUL_DB
 *        bench_search_pg --conninfo STR --mode raw|normalised --queries queries.tsv --folded folded.tsv
 *                        [--answers OUT] [--summary FILE] [--warmup N] [--sample K] [--threshold 0.3]
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"

static const char *option(int argc, char **argv, const char *name, const char *fallback)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return fallback;
}

static bool flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

static void exec(PGconn *pg, const char *sql)
{
    PGresult *result = PQexec(pg, sql);
    ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(pg));
        exit(1);
    }
    PQclear(result);
}

static double scalar(PGconn *pg, const char *sql)
{
    PGresult *result = PQexec(pg, sql);
    if (PQresultStatus(result) != PGRES_TUPLES_OK || PQntuples(result) < 1) {
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(pg));
        exit(1);
    }
    double value = atof(PQgetvalue(result, 0, 0));
    PQclear(result);
    return value;
}

/* Appends text to a COPY line, escaped for COPY's text format. */
static size_t put_field(char *line, size_t used, size_t size, const char *text, bool last)
{
    if (!text) {
        used += (size_t)snprintf(line + used, size - used, "\\N");
    } else {
        for (const char *c = text; *c && used + 3 < size; c++) {
            if (*c == '\\' || *c == '\t' || *c == '\n' || *c == '\r') {
                line[used++] = '\\';
                line[used++] = *c == '\t' ? 't' : *c == '\n' ? 'n' : *c == '\r' ? 'r' : '\\';
            } else {
                line[used++] = *c;
            }
        }
    }
    if (used + 1 < size)
        line[used++] = last ? '\n' : '\t';
    line[used] = '\0';
    return used;
}

static int load(PGconn *pg, const char *db_path)
{
    sqlite3 *source;
    if (sqlite3_open_v2(db_path, &source, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot open %s\n", db_path);
        return 2;
    }
    double start = labels_now_micros();
    exec(pg, "SET client_min_messages = warning");
    exec(pg, "CREATE EXTENSION IF NOT EXISTS pg_trgm");
    exec(pg, "DROP TABLE IF EXISTS persons");
    exec(pg, "CREATE TABLE persons (id bigint PRIMARY KEY, name_raw text NOT NULL, name_norm text NOT NULL,"
             " national_id text, birth_year int)");
    PGresult *result = PQexec(pg, "COPY persons FROM STDIN");
    if (PQresultStatus(result) != PGRES_COPY_IN) {
        fprintf(stderr, "COPY: %s", PQerrorMessage(pg));
        return 1;
    }
    PQclear(result);
    sqlite3_stmt *read;
    if (sqlite3_prepare_v2(
            source,
            "SELECT id, first_name || ' ' || father_name || ' ' || coalesce(grandfather_name || ' ', '') || family_name,"
            " key_first || ' ' || key_father || ' ' || coalesce(key_grandfather || ' ', '') || key_family,"
            " national_id, birth_year FROM persons WHERE status = 'active' ORDER BY id",
            -1, &read, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(source));
        return 1;
    }
    char line[2048];
    long long rows = 0;
    while (sqlite3_step(read) == SQLITE_ROW) {
        size_t used = 0;
        used = put_field(line, used, sizeof line, (const char *)sqlite3_column_text(read, 0), false);
        used = put_field(line, used, sizeof line, (const char *)sqlite3_column_text(read, 1), false);
        used = put_field(line, used, sizeof line, (const char *)sqlite3_column_text(read, 2), false);
        used = put_field(line, used, sizeof line, (const char *)sqlite3_column_text(read, 3), false);
        used = put_field(line, used, sizeof line, (const char *)sqlite3_column_text(read, 4), true);
        if (PQputCopyData(pg, line, (int)used) != 1) {
            fprintf(stderr, "COPY: %s", PQerrorMessage(pg));
            return 1;
        }
        rows++;
    }
    sqlite3_finalize(read);
    sqlite3_close(source);
    if (PQputCopyEnd(pg, NULL) != 1 || PQresultStatus(result = PQgetResult(pg)) != PGRES_COMMAND_OK) {
        fprintf(stderr, "COPY: %s", PQerrorMessage(pg));
        return 1;
    }
    PQclear(result);
    double copied = labels_now_micros();
    exec(pg, "SET maintenance_work_mem = '512MB'");
    exec(pg, "CREATE INDEX persons_raw_trgm ON persons USING gin (name_raw gin_trgm_ops)");
    double raw_built = labels_now_micros();
    exec(pg, "CREATE INDEX persons_norm_trgm ON persons USING gin (name_norm gin_trgm_ops)");
    double norm_built = labels_now_micros();
    exec(pg, "CREATE INDEX persons_national_id ON persons (national_id)");
    exec(pg, "VACUUM ANALYZE persons");
    printf("PostgreSQL: %lld persons copied in %.1f s; GIN trigram indexes built in %.1f s (raw) and %.1f s "
           "(normalised)\n",
           rows, (copied - start) / 1e6, (raw_built - copied) / 1e6, (norm_built - raw_built) / 1e6);
    return 0;
}

int main(int argc, char **argv)
{
    const char *conninfo = option(argc, argv, "--conninfo", NULL);
    if (!conninfo) {
        fprintf(stderr, "usage: bench_search_pg --conninfo STR (--load --db TAKAMUL_DB | --mode raw|normalised "
                        "--queries queries.tsv --folded folded.tsv [--answers OUT] [--summary FILE] [--warmup N] "
                        "[--threshold T] [--sample K])\n");
        return 2;
    }
    PGconn *pg = PQconnectdb(conninfo);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "cannot connect: %s", PQerrorMessage(pg));
        return 1;
    }
    if (flag(argc, argv, "--load")) {
        const char *db_path = option(argc, argv, "--db", NULL);
        int rc = db_path ? load(pg, db_path) : 2;
        PQfinish(pg);
        return rc;
    }
    const char *mode = option(argc, argv, "--mode", "raw");
    bool normalised = strcmp(mode, "normalised") == 0;
    const char *queries_path = option(argc, argv, "--queries", NULL),
               *folded_path = option(argc, argv, "--folded", NULL);
    if (!queries_path || !folded_path) {
        fprintf(stderr, "--queries and --folded are required\n");
        return 2;
    }
    const char *answers_path = option(argc, argv, "--answers", NULL);
    const char *summary_path = option(argc, argv, "--summary", NULL);
    int warmup = atoi(option(argc, argv, "--warmup", "5"));
    const char *threshold = option(argc, argv, "--threshold", "0.3");
    int count = 0;
    LabelledQuery *queries = labels_load(queries_path, &count);
    labels_load_folded(folded_path, queries, count);
    count = labels_sample(queries, count, atoi(option(argc, argv, "--sample", "0")));

    char sql[1024];
    snprintf(sql, sizeof sql, "SET pg_trgm.similarity_threshold = %.3f", atof(threshold));
    exec(pg, sql);
    /* Every query is bounded: one that runs out of time counts as answered with nothing. */
    exec(pg, "SET statement_timeout = '10s'");
    const char *column = normalised ? "name_norm" : "name_raw";
    snprintf(sql, sizeof sql,
             "SELECT id FROM ("
             " SELECT id, birth_year, similarity(%s, $1) AS s FROM persons WHERE $1 <> '' AND %s %% $1"
             " UNION ALL"
             " SELECT id, birth_year, 2.0 FROM persons WHERE $2 <> '' AND national_id = $2"
             ") c GROUP BY id, birth_year"
             " ORDER BY max(s) DESC, CASE WHEN $3 = 0 OR birth_year IS NULL THEN 0 ELSE abs(birth_year - $3) END, id"
             " LIMIT %d",
             column, column, BENCH_TOP);
    PGresult *prepared = PQprepare(pg, "search", sql, 3, NULL);
    if (PQresultStatus(prepared) != PGRES_COMMAND_OK) {
        fprintf(stderr, "prepare: %s", PQerrorMessage(pg));
        return 1;
    }
    PQclear(prepared);

    Answer *answers = calloc((size_t)count + 1, sizeof(Answer));
    if (!answers)
        return 2;
    double run_start = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            run_start = labels_now_micros();
        for (int i = 0; i < (pass ? count : (warmup < count ? warmup : count)); i++) {
            const LabelledQuery *q = &queries[i];
            Answer *a = &answers[i];
            char number[32], year[16];
            labels_ascii_digits(q->national_id, number);
            snprintf(year, sizeof year, "%d", q->birth_year);
            const char *values[3] = {normalised ? q->folded : q->text, number, year};
            double t0 = labels_now_micros();
            PGresult *result = PQexecPrepared(pg, "search", 3, values, NULL, NULL, 0);
            a->micros = labels_now_micros() - t0;
            a->count = 0;
            if (PQresultStatus(result) != PGRES_TUPLES_OK) {
                fprintf(stderr, "query %d: %s", q->qid, PQerrorMessage(pg));
            } else {
                for (int k = 0; k < PQntuples(result) && k < BENCH_TOP; k++)
                    a->ids[a->count++] = atoll(PQgetvalue(result, k, 0));
            }
            PQclear(result);
        }
    }
    double run_seconds = (labels_now_micros() - run_start) / 1e6;
    snprintf(sql, sizeof sql, "SELECT pg_relation_size('%s')", normalised ? "persons_norm_trgm" : "persons_raw_trgm");
    double index_bytes = scalar(pg, sql);
    PGresult *version = PQexec(pg, "SHOW server_version");
    printf("PostgreSQL %s pg_trgm, %s names (GIN index %.1f MiB; %% with similarity_threshold %s, ranked by "
           "similarity()); %d queries in %.1f s\n",
           PQresultStatus(version) == PGRES_TUPLES_OK ? PQgetvalue(version, 0, 0) : "?", mode,
           index_bytes / 1024 / 1024, threshold, count, run_seconds);
    PQclear(version);
    const char *engine = normalised ? "pg_trgm normalised" : "pg_trgm raw";
    labels_report(stdout, engine, queries, answers, count, index_bytes, summary_path);
    if (answers_path)
        labels_write_answers(answers_path, queries, answers, count);
    PQfinish(pg);
    free(answers);
    labels_free(queries);
    return 0;
}
