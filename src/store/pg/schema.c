/* The schema of a PostgreSQL database: a new one gets schema.sql and engine.sql (embedded in the program), the rows
 * the SQLite migrations insert (taken from them: store_sqlite_reference_rows) and the version of the latest SQLite
 * migration, in one transaction; a newer version is refused as SQLite's is; an older one is migrated by the steps
 * of pg_migrations below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/err.h"
#include "base/log.h"
#include "store/pg/pg.h"
#include "store/sqlite/sqlite.h"

/* The steps from one version to the next on PostgreSQL, for databases created before a migration: version N's
 * step brings a database at N - 1 to N, as the SQLite migration N does. The first version PostgreSQL databases were
 * made at is 30 (schema.sql as it then was, kept in tests/pg/schema-30.sql); a migration added after it gets its
 * step here as well as its change in schema.sql (which makes new databases). tests/pg/run.sh migrates a database of
 * schema 30 with these steps and compares it with a new one. */
typedef struct {
    int version;
    const char *sql;   /* run first */
    const char *file;  /* then this embedded file, when not NULL */
    const char *after; /* then this, when not NULL */
} PgMigration;

static const PgMigration pg_migrations[] = {
    {30, NULL, NULL, NULL}, /* the first version on PostgreSQL: no step leads to it */
    {32,
     "CREATE TABLE case_month_counts (month bigint NOT NULL, unit_id bigint NOT NULL, kind text NOT NULL,"
     " governorate text NOT NULL, sex text NOT NULL, age_band text NOT NULL, violence text NOT NULL,"
     " cases bigint NOT NULL, PRIMARY KEY (month, unit_id, kind, governorate, sex, age_band, violence));"
     " CREATE TABLE case_open_counts (unit_id bigint NOT NULL, kind text NOT NULL, governorate text NOT NULL,"
     " sex text NOT NULL, age_band text NOT NULL, violence text NOT NULL, cases bigint NOT NULL,"
     " PRIMARY KEY (unit_id, kind, governorate, sex, age_band, violence));"
     " CREATE TABLE worker_open_counts (user_id bigint PRIMARY KEY, cases bigint NOT NULL);"
     " CREATE TABLE deadline_month_counts (month bigint NOT NULL, deadline text NOT NULL, unit_id bigint NOT NULL,"
     " kind text NOT NULL, governorate text NOT NULL, high bigint NOT NULL, hours bigint NOT NULL,"
     " cases bigint NOT NULL, PRIMARY KEY (month, deadline, unit_id, kind, governorate, high, hours))",
     "counts.sql",
     /* the counts of the cases there are, as the triggers would have kept them */
     "SELECT count(case_counts_move(c, 1)) FROM cases c;"
     " INSERT INTO worker_open_counts (user_id, cases) SELECT a.user_id, count(*) FROM case_assignments a"
     " JOIN cases c ON c.id = a.case_id WHERE a.ended_at IS NULL AND c.stage <> 'closed' GROUP BY a.user_id"},
};

static const EmbeddedFile *schema_file(const char *name)
{
    for (size_t i = 0; i < pg_schema_files_count; i++)
        if (strcmp(pg_schema_files[i].name, name) == 0)
            return &pg_schema_files[i];
    return NULL;
}

/* A query of one value (as text); NULL when there is no row or it fails (then *rc is set). */
static char *query_value(Db *db, const char *sql, int *rc)
{
    PGresult *result = PQexec(store_pg_conn(db), sql);
    char *value = NULL;
    if (!result || PQresultStatus(result) != PGRES_TUPLES_OK)
        *rc = store_pg_error(db, result, sql);
    else if (PQntuples(result) > 0 && !PQgetisnull(result, 0, 0))
        value = strdup(PQgetvalue(result, 0, 0));
    PQclear(result);
    return value;
}

bool store_pg_foreign_tables(Db *db)
{
    int rc = TK_OK;
    char *count = query_value(db, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", &rc);
    bool found = rc != TK_OK || (count && strcmp(count, "0") != 0);
    free(count);
    return found;
}

static int pg_schema_version(Db *db)
{
    int rc = TK_OK;
    char *exists = query_value(db, "SELECT to_regclass('takamul_schema') IS NOT NULL", &rc);
    if (rc != TK_OK)
        return -1;
    bool has_table = exists && strcmp(exists, "t") == 0;
    free(exists);
    if (!has_table)
        return 0;
    char *version = query_value(db, "SELECT max(version) FROM takamul_schema", &rc);
    int value = rc == TK_OK && version ? atoi(version) : -1;
    free(version);
    return value;
}

typedef struct {
    Db *db;
    char *error;
} RowCopy;

/* Inserts one reference row (store_sqlite_reference_rows) into the same table of PostgreSQL. */
static int insert_row(void *context, const char *table, int columns, const char *const *names,
                      const char *const *values, const int *lengths, const bool *is_blob)
{
    RowCopy *copy = context;
    char sql[4096];
    int used = snprintf(sql, sizeof sql, "INSERT INTO \"%s\" (", table);
    for (int i = 0; i < columns && used < (int)sizeof sql; i++)
        used += snprintf(sql + used, sizeof sql - (size_t)used, "%s\"%s\"", i ? ", " : "", names[i]);
    used += snprintf(sql + used, sizeof sql - (size_t)used, ") VALUES (");
    for (int i = 0; i < columns && used < (int)sizeof sql; i++)
        used += snprintf(sql + used, sizeof sql - (size_t)used, "%s$%d", i ? ", " : "", i + 1);
    used += snprintf(sql + used, sizeof sql - (size_t)used, ")");
    if (used >= (int)sizeof sql) {
        snprintf(copy->error, 256, "the reference rows of %s have too many columns", table);
        return TK_ERR_DB;
    }
    int formats[128];
    for (int i = 0; i < columns && i < 128; i++)
        formats[i] = is_blob[i] ? 1 : 0;
    PGresult *result = PQexecParams(store_pg_conn(copy->db), sql, columns, NULL, values, lengths, formats, 0);
    int rc = TK_OK;
    if (!result || PQresultStatus(result) != PGRES_COMMAND_OK) {
        rc = store_pg_error(copy->db, result, sql);
        snprintf(copy->error, 256, "the reference rows of %s: %.200s", table, copy->db->driver->error(copy->db));
    }
    PQclear(result);
    return rc;
}

/* Identity columns continue after the ids the reference rows brought. */
static const char SEQUENCES_AFTER_ROWS[] =
    "DO $$ DECLARE t record; BEGIN"
    " FOR t IN SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
    "   AND column_name = 'id' AND is_identity = 'YES' LOOP"
    "   EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), max(id)) FROM %I HAVING max(id) IS NOT NULL',"
    "     t.table_name, t.table_name);"
    " END LOOP; END $$";

static int create_schema(Db *db, char error[256])
{
    const EmbeddedFile *tables = schema_file("schema.sql"), *own = schema_file("engine.sql"),
                       *counts = schema_file("counts.sql");
    if (!tables || !own || !counts) {
        snprintf(error, 256, "the program holds no PostgreSQL schema");
        return TK_ERR_INTERNAL;
    }
    char inner[256] = "";
    char version[96];
    snprintf(version, sizeof version, "INSERT INTO takamul_schema VALUES (%d)", store_schema_latest());
    RowCopy copy = {.db = db, .error = inner};
    int rc;
    if ((rc = store_pg_exec(db, "BEGIN; " PG_WRITER_LOCK, inner)) != TK_OK)
        goto failed;
    /* another program may have made it while this one waited for the lock */
    if (pg_schema_version(db) != 0) {
        store_pg_exec(db, "ROLLBACK", NULL);
        return TK_OK;
    }
    if ((rc = store_pg_exec(db, (const char *)tables->data, inner)) != TK_OK ||
        (rc = store_pg_exec(db, (const char *)own->data, inner)) != TK_OK ||
        (rc = store_pg_exec(db, (const char *)counts->data, inner)) != TK_OK ||
        (rc = store_sqlite_reference_rows(insert_row, &copy, inner)) != TK_OK ||
        (rc = store_pg_exec(db, SEQUENCES_AFTER_ROWS, inner)) != TK_OK ||
        (rc = store_pg_exec(db, version, inner)) != TK_OK || (rc = store_pg_exec(db, "COMMIT", inner)) != TK_OK)
        goto failed;
    log_info("%s: schema %d created", db->path, store_schema_latest());
    return TK_OK;
failed:
    store_pg_exec(db, "ROLLBACK", NULL);
    snprintf(error, 256, "the schema could not be created: %.200s", inner);
    return rc == TK_OK ? TK_ERR_DB : rc;
}

static int pg_migrate_to(Db *db, int target, char error[256])
{
    int current = pg_schema_version(db);
    if (current < 0) {
        snprintf(error, 256, "cannot read the schema version: %s", db->driver->error(db));
        return TK_ERR_DB;
    }
    if (current > store_schema_latest()) {
        snprintf(error, 256, "the database has schema version %d, newer than this program's %d: use a newer takamul",
                 current, store_schema_latest());
        return TK_ERR_VERSION;
    }
    if (current >= target)
        return TK_OK;
    if (current == 0) {
        if (target != store_schema_latest()) {
            snprintf(error, 256, "a PostgreSQL database is created at schema %d only", store_schema_latest());
            return TK_ERR_INVALID;
        }
        return create_schema(db, error);
    }
    for (int version = current + 1; version <= target; version++) {
        const PgMigration *step = NULL;
        for (size_t i = 0; i < sizeof pg_migrations / sizeof pg_migrations[0]; i++)
            if (pg_migrations[i].version == version && pg_migrations[i].sql)
                step = &pg_migrations[i];
        if (!step) {
            snprintf(error, 256, "no PostgreSQL step from schema %d to %d in this program", version - 1, version);
            return TK_ERR_VERSION;
        }
        char inner[256] = "", set[96];
        snprintf(set, sizeof set, "UPDATE takamul_schema SET version = %d", version);
        const EmbeddedFile *file = step->file ? schema_file(step->file) : NULL;
        if (store_pg_exec(db, "BEGIN; " PG_WRITER_LOCK, inner) != TK_OK ||
            store_pg_exec(db, step->sql, inner) != TK_OK ||
            (step->file && (!file || store_pg_exec(db, (const char *)file->data, inner) != TK_OK)) ||
            (step->after && store_pg_exec(db, step->after, inner) != TK_OK) || store_pg_exec(db, set, inner) != TK_OK ||
            store_pg_exec(db, "COMMIT", inner) != TK_OK) {
            store_pg_exec(db, "ROLLBACK", NULL);
            snprintf(error, 256, "migration %d failed: %.200s", version, inner);
            return TK_ERR_DB;
        }
        log_info("migrated %s to schema %d", db->path, version);
    }
    return TK_OK;
}

/* PostgreSQL keeps its own pages and references consistent (checksums and constraints are the server's): the check
 * is that the server answers, that every constraint is validated, and that no reference points nowhere (none can,
 * with the constraints valid). */
static int pg_check(Db *db, char error[256])
{
    int rc = TK_OK;
    char *invalid = query_value(db,
                                "SELECT conrelid::regclass || ' ' || conname FROM pg_constraint c JOIN pg_namespace n"
                                " ON n.oid = c.connamespace WHERE n.nspname = current_schema() AND NOT convalidated"
                                " LIMIT 1",
                                &rc);
    if (rc != TK_OK) {
        snprintf(error, 256, "the check could not run: %s", db->driver->error(db));
        free(invalid);
        return TK_ERR_DB;
    }
    if (invalid) {
        snprintf(error, 256, "constraint not validated: %.200s", invalid);
        free(invalid);
        return TK_ERR_DB;
    }
    return TK_OK;
}

static int pg_audit_last_id(Db *db, int64_t *id)
{
    *id = 0;
    Query q = (sql_query)(db, "SELECT id FROM audit_given");
    if (sql_row(&q))
        *id = sql_col_int(&q, 0);
    return sql_done(&q);
}

static int pg_copy_into(Db *db, const char *path, char error[256])
{
    (void)db;
    (void)path;
    snprintf(error, 256,
             "takamul backup copies SQLite databases: back up a PostgreSQL database with pg_dump or pg_basebackup"
             " (docs/deployment.md)");
    return TK_ERR_INVALID;
}

/* SQLite's settings of the file, which PostgreSQL's server keeps itself. */
static int pg_set_bulk(Db *db, bool bulk)
{
    (void)db;
    (void)bulk;
    return TK_OK;
}

static int pg_set_autocheckpoint(Db *db, int pages)
{
    (void)db;
    (void)pages;
    return TK_OK;
}

static void pg_track_wal_frames(Db *db, int *frames)
{
    (void)db;
    *frames = 0;
}

static int pg_checkpoint(Db *db)
{
    (void)db;
    return TK_OK;
}

static int pg_set_durable(Db *db, bool durable)
{
    return store_pg_exec(db, durable ? "SET synchronous_commit = on" : "SET synchronous_commit = off", NULL);
}

static int pg_set_cache_mib(Db *db, int mib)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SET work_mem = '%dMB'", mib > 4 ? (mib < 1024 ? mib : 1024) : 4);
    return store_pg_exec(db, sql, NULL);
}

const SqlEngine pg_engine = {
    .schema_version = pg_schema_version,
    .migrate_to = pg_migrate_to,
    .check = pg_check,
    .set_bulk = pg_set_bulk,
    .set_autocheckpoint = pg_set_autocheckpoint,
    .track_wal_frames = pg_track_wal_frames,
    .checkpoint = pg_checkpoint,
    .set_durable = pg_set_durable,
    .set_cache_mib = pg_set_cache_mib,
    .copy_into = pg_copy_into,
    .audit_last_id = pg_audit_last_id,
    .study_index_get = pg_study_index_get,
    .study_index_put = pg_study_index_put,
    .study_index_has = pg_study_index_has,
    .study_search = pg_study_search,
    .person_insert_many = pg_person_insert_many,
};
