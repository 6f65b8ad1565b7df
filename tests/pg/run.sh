#!/bin/sh
# Prepares every statement of the store on a real PostgreSQL 15, against src/store/pg/schema.sql, and checks that
# the schema's tables and columns are those the SQLite migrations produce. Fails on any statement PostgreSQL does not
# prepare (printing it with PostgreSQL's error), on a parameter PostgreSQL would take as a boolean (the seam binds
# integers), on a drift between the schemas, and on a statement prepared outside the seam's record.
# usage: tests/pg/run.sh BUILD_DIR   (BUILD_DIR holds pg_statements)
# A throw-away server: initdb and postgres on a temporary directory (as the postgres user when run as root, which
# PostgreSQL refuses to run as), listening on a free loopback port and a socket in that directory; stopped on exit.
set -eu

build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/tests/pg/server.sh"
trap pg_stop EXIT
trap 'exit 1' INT TERM HUP
pg_start

sql() { psql -X -q -v ON_ERROR_STOP=1 -h "$temp" -p "$port" -U postgres -d postgres "$@"; }

sql -f "$here/src/store/pg/schema.sql" >/dev/null

# The schemas: tables, columns, their types (INTEGER: bigint, TEXT: text, BLOB: bytea) and NOT NULL, on both sides.
"$build/pg_statements" "$temp/migrated.db" >"$temp/migrate.log" 2>&1 || { cat "$temp/migrate.log" >&2; exit 1; }
sqlite3 -separator ' ' "$temp/migrated.db" \
  "SELECT m.name, p.name, CASE upper(p.type) WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text'
     WHEN 'BLOB' THEN 'bytea' ELSE lower(p.type) END, CASE WHEN p.\"notnull\" OR p.pk THEN 'not-null' ELSE 'null' END
   FROM sqlite_master m JOIN pragma_table_info(m.name) p
   WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'study_search%'
   ORDER BY 1, 2" >"$temp/sqlite-columns"
# What each engine has of its own (src/store/pg/engine.sql, feed.sql and counts.sql, SQLite's FTS5 tables) is left
# out of the comparison; they are loaded to check that they apply over schema.sql.
sql -f "$here/src/store/pg/engine.sql" >/dev/null
sql -f "$here/src/store/pg/feed.sql" >/dev/null
sql -f "$here/src/store/pg/counts.sql" >/dev/null
sql -A -t -F ' ' -c "SELECT table_name, column_name, data_type,
     CASE is_nullable WHEN 'NO' THEN 'not-null' ELSE 'null' END
   FROM information_schema.columns WHERE table_schema = 'public'
     AND table_name NOT IN ('takamul_schema', 'audit_given', 'study_search') ORDER BY 1, 2" >"$temp/pg-columns"
LC_ALL=C sort -o "$temp/sqlite-columns" "$temp/sqlite-columns"
LC_ALL=C sort -o "$temp/pg-columns" "$temp/pg-columns"
failed=0
if ! diff -u "$temp/sqlite-columns" "$temp/pg-columns" >"$temp/drift"; then
  echo "src/store/pg/schema.sql differs from the SQLite migrations (- SQLite, + PostgreSQL):"
  sed -n '3,$p' "$temp/drift" | grep '^[-+]'
  failed=1
fi

# A database made at schema 30 (the first PostgreSQL databases were made at, tests/pg/schema-30.sql) and opened by
# takamul, which migrates it by the steps of src/store/pg/schema.c, has the tables, columns, indexes and triggers of
# a new one, and the latest version.
sql -c "CREATE DATABASE migrated" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -h "$temp" -p "$port" -U postgres -d migrated -f "$here/tests/pg/schema-30.sql" >/dev/null
head -c 32 /dev/urandom >"$temp/key"
chmod 600 "$temp/key"
"$build/takamul" records daily --db "postgresql://postgres@127.0.0.1:$port/migrated" --key "$temp/key" \
  >"$temp/migrated.log" 2>&1 || true
shape() {
  psql -X -q -A -t -F ' ' -h "$temp" -p "$port" -U postgres -d "$1" -c "
    SELECT 'column', table_name, column_name, data_type, is_nullable, coalesce(column_default, '')
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL SELECT 'index', tablename, indexname, indexdef, '', '' FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT 'trigger', event_object_table, trigger_name, event_manipulation, action_timing, ''
      FROM information_schema.triggers WHERE trigger_schema = 'public'
    UNION ALL SELECT 'constraint', c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), '', ''
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
    UNION ALL SELECT 'function', '', p.proname, md5(p.prosrc), '', '' FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
    ORDER BY 1, 2, 3, 4"
}
shape postgres >"$temp/new-shape"
shape migrated >"$temp/migrated-shape"
latest=$(psql -X -A -t -h "$temp" -p "$port" -U postgres -d migrated -c "SELECT max(version) FROM takamul_schema")
if ! diff -u "$temp/new-shape" "$temp/migrated-shape" >"$temp/migration-drift"; then
  echo "a database of schema 30 migrated on PostgreSQL differs from a new one (- new, + migrated):"
  sed -n '3,$p' "$temp/migration-drift" | grep '^[-+]'
  sed -n '1,20p' "$temp/migrated.log"
  failed=1
else
  echo "a database of schema 30 migrates on PostgreSQL to the shape of a new one (schema $latest)"
fi

# Takamul needs no superuser: a role that owns only its database (as docs/deployment.md makes it) creates the schema,
# fills the demo and passes the check.
sql -c "CREATE ROLE takamul_owner LOGIN" -c "CREATE DATABASE owned OWNER takamul_owner" >/dev/null
owned="postgresql://takamul_owner@127.0.0.1:$port/owned"
if "$build/takamul" demo --db "$owned" --key "$temp/key" >"$temp/owned.log" 2>&1 &&
  "$build/takamul" check --db "$owned" --key "$temp/key" >>"$temp/owned.log" 2>&1; then
  echo "a role that is no superuser, owning its database, makes the schema and the demo and passes the check"
else
  echo "as a role that is no superuser, owning its database:"
  sed -n '1,30p' "$temp/owned.log"
  failed=1
fi

# The database itself refuses a person's governorate outside the list (a CHECK since schema 33, where it was a foreign
# key), and takes one on it.
governorate() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$temp" -p "$port" -U postgres -d owned -c "BEGIN" -c "INSERT INTO persons
    (first_name, father_name, family_name, sex, governorate, key_first, key_father, key_family, created_at, updated_at)
    VALUES ('a', 'b', 'c', 'female', '$1', 'a', 'b', 'c', 0, 0)" -c "ROLLBACK" >"$temp/governorate.log" 2>&1
}
if governorate nowhere || ! grep -q 'persons_governorate_check' "$temp/governorate.log"; then
  echo "a person of the governorate 'nowhere' was not refused by the database:"
  cat "$temp/governorate.log"
  failed=1
elif ! governorate karak; then
  echo "a person of the governorate 'karak' was refused by the database:"
  cat "$temp/governorate.log"
  failed=1
else
  echo "the database refuses a person's governorate outside the list and takes one on it"
fi

# Every statement, prepared.
"$build/pg_statements" >"$temp/statements.sql"
cat >>"$temp/statements.sql" <<'SQL'
CREATE TEMPORARY TABLE failures (n integer, sql text, error text);
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT n, sql FROM statements ORDER BY n LOOP
    BEGIN
      EXECUTE format('PREPARE s%s AS %s', r.n, r.sql);
    EXCEPTION WHEN OTHERS THEN
      INSERT INTO failures VALUES (r.n, r.sql, SQLERRM);
    END;
  END LOOP;
END
$$;
INSERT INTO failures SELECT substr(p.name, 2)::integer, p.statement,
    'a parameter PostgreSQL takes as a boolean, which the seam binds as an integer (compare it: :x <> 0)'
  FROM pg_prepared_statements p WHERE 'boolean'::regtype = ANY (p.parameter_types);
SELECT format(E'FAIL %s\n  %s\n  PostgreSQL: %s\n', n, sql, error) FROM failures ORDER BY n;
SELECT format('%s of %s statements prepare on PostgreSQL', count(*) - (SELECT count(DISTINCT n) FROM failures),
              count(*)) FROM statements;
SQL
sql -A -t -F '' -f "$temp/statements.sql" >"$temp/report"
cat "$temp/report"
if grep -q '^FAIL' "$temp/report"; then
  failed=1
fi

# Statements of one engine only are prepared with (sql_query) in that engine's folder; anywhere else the seam's
# record would miss them. The seam and its helpers (sql_rows.c) are handed texts their callers' macros recorded.
if grep -rn '(sql_query)' "$here/src" | grep -v "^$here/src/store/sqlite/" | grep -v "^$here/src/store/pg/" |
  grep -v -e "^$here/src/store/sql\.[ch]:" -e "^$here/src/store/sql_rows\.c:"; then
  echo "statements prepared outside the record of sql_query (above): use sql_query, or move them to the engine's folder"
  failed=1
fi
exit "$failed"
