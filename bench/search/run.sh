#!/bin/bash
# Person-search benchmark: a synthetic Jordanian population (1 M persons by default) imported with
# `takamul import persons`, labelled spelling-variant queries and hard non-matches, run through Takamul's search
# and, in the same run, through PostgreSQL pg_trgm (raw and pre-normalised names) and SQLite FTS5 trigram.
# Prints one table side by side per population. See docs/benchmarks.md.
# usage: bench/search/run.sh   (make bench installs PostgreSQL and builds the programs first)
#   BENCH_PERSONS=1000000  population size        BENCH_QUERIES_PER_CLASS=100  queries per error class
#   BENCH_POPULATION=zipf  zipf (as earlier runs), jordan (names as concentrated as Jordan's) or both, one after
#                          the other, each measured in full
#   BENCH_SEED=1           population and queries BENCH_PG=0                   skip PostgreSQL
#   BENCH_FTS5=0           skip SQLite FTS5 (with BENCH_PG=0: Takamul alone, as for a run at 10 M persons)
#   BENCH_BASELINE_PER_CLASS=5  queries per class that every engine runs (PostgreSQL and FTS5 take about a second
#                          a query at 1 M persons); Takamul also runs all of them, reported on their own
#   BENCH_HTTP=0           skip the search through the API (bench/search/http.sh: wrk, one client)
#   BENCH_KEEP=1           keep the work directory (its path is printed)
# PostgreSQL runs from a temporary directory as the postgres user, on a free loopback port, and is stopped at the
# end; nothing else is started.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${TAKAMUL_BIN:-build/takamul}
PROGRAMS=${BENCH_PROGRAMS:-$(dirname "$BIN")/bench}
PERSONS=${BENCH_PERSONS:-1000000}
PER_CLASS=${BENCH_QUERIES_PER_CLASS:-100}
SEED=${BENCH_SEED:-1}
RUN_PG=${BENCH_PG:-1}
RUN_FTS5=${BENCH_FTS5:-1}
POPULATION=${BENCH_POPULATION:-zipf}
case "$POPULATION" in
  zipf|jordan) populations=$POPULATION ;;
  both) populations="zipf jordan" ;;
  *) echo "BENCH_POPULATION: zipf, jordan or both, not $POPULATION" >&2; exit 2 ;;
esac
SAMPLE=${BENCH_BASELINE_PER_CLASS:-5}
for program in "$BIN" "$PROGRAMS/bench_search" "$PROGRAMS/bench_search_fts5"; do
  [ -x "$program" ] || { echo "missing $program: build first (make build)" >&2; exit 2; }
done

work=$(mktemp -d)
chmod 711 "$work"   # the postgres user must reach its own directory inside
pg_bin=""
pg_data=""
# PostgreSQL refuses to run as root: as root, its commands run as the postgres user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    if ! as_pg "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w >/dev/null 2>&1; then
      pid=$(head -1 "$pg_data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
    fi
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

started=$(date +%s)
step() { echo; echo "== $1 ($(( $(date +%s) - started )) s)"; }

find_pg_bin() {
  local dir
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  done
}

# One population measured in full, in its own directory: generation, import, every engine; its summary is kept
# for the tables at the end.
run_population() {
  local population=$1 dir="$work/$1"
  mkdir -p "$dir"
  chmod 711 "$dir"
  local summary="$dir/summary.tsv"
  : > "$summary"

  step "[$population] Generating $PERSONS persons and the labelled queries (seed $SEED)"
  python3 bench/search/generate.py --persons "$PERSONS" --seed "$SEED" --out "$dir" \
    --queries-per-class "$PER_CLASS" --population "$population"

  step "[$population] Importing with $BIN import persons"
  "$BIN" init --db "$dir/takamul.db" >/dev/null 2>&1
  local import_output import_status
  set +e
  import_output=$("$BIN" import persons --db "$dir/takamul.db" "$dir/persons.csv" 2>&1)
  import_status=$?
  set -e
  echo "$import_output" | tail -3
  if [ "$import_status" -ne 0 ]; then
    echo "the import rejected rows or failed (status $import_status): the labels would not match the ids" >&2
    exit 1
  fi
  printf 'import\t%s\n' "$(echo "$import_output" | tail -1)" >> "$summary"
  for file in "$dir/persons.csv" "$dir/takamul.db"; do
    echo "  $(basename "$file"): $(( $(stat -c %s "$file") / 1048576 )) MiB"
  done

  step "[$population] Takamul: person_search_rank"
  "$PROGRAMS/bench_search" --db "$dir/takamul.db" --queries "$dir/queries.tsv" --folded "$dir/folded.tsv" \
    --answers "$dir/takamul.answers" --summary "$summary" --examples "${BENCH_EXAMPLES:-3}" --sample "$SAMPLE"

  if [ "${BENCH_HTTP:-1}" = 1 ]; then
    step "[$population] Takamul through the API: GET /api/v1/persons/search, one client"
    TAKAMUL_BIN="$BIN" bench/search/http.sh "$dir/persons.csv" "$dir/queries.tsv" "$dir"
    rm -f "$dir/http.db" "$dir/http.db-wal" "$dir/http.db-shm" "$dir/http.db.key"
  fi
  if [ "$RUN_FTS5" = 1 ]; then
    step "[$population] SQLite FTS5 trigram"
    "$PROGRAMS/bench_search_fts5" --db "$dir/takamul.db" --queries "$dir/queries.tsv" --folded "$dir/folded.tsv" \
      --index "$dir/fts5.db" --answers "$dir/fts5.answers" --summary "$summary" --sample "$SAMPLE" | sed -n '1,7p'
  fi
  if [ "$RUN_PG" = 1 ]; then
    run_pg "$population" "$dir" "$summary"
  fi
  # the databases of one population are not needed for the next
  if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -f "$dir/takamul.db" "$dir/fts5.db" "$dir/persons.csv"; fi
}

# PostgreSQL pg_trgm on one population: started, loaded, queried on raw and normalised names, stopped.
run_pg() {
  local population=$1 dir=$2 summary=$3
  pg_bin=$(find_pg_bin)
  if [ -z "$pg_bin" ] || [ ! -x "$PROGRAMS/bench_search_pg" ] || { [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; }; then
    echo "PostgreSQL, its postgres user or bench_search_pg is missing: run scripts/install-deps.sh bench and rebuild" >&2
    exit 2
  fi
  step "[$population] PostgreSQL pg_trgm: initdb (C.UTF-8), start on loopback, load, index"
  local pg="$dir/pg"
  mkdir -p "$pg/run"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$pg"; fi
  pg_data="$pg/data"
  as_pg "$pg_bin/initdb" -D "$pg_data" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=reject >"$pg/initdb.log" 2>&1 || { cat "$pg/initdb.log"; exit 1; }
  local port pg_user conninfo mode
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$pg_bin/pg_ctl" start -D "$pg_data" -w -t 60 -l "$pg/server.log" -o \
    "-p $port -k $pg/run -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c work_mem=64MB \
     -c maintenance_work_mem=512MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
     -c max_wal_size=8GB -c checkpoint_timeout=1h -c jit=off" >/dev/null
  echo "  PostgreSQL $(head -1 "$pg_data/PG_VERSION") started, pid $(head -1 "$pg_data/postmaster.pid"), 127.0.0.1:$port"
  if [ "$(id -u)" -eq 0 ]; then pg_user=postgres; else pg_user=$(id -un); fi
  conninfo="host=$pg/run port=$port user=$pg_user dbname=postgres"
  "$PROGRAMS/bench_search_pg" --conninfo "$conninfo" --load --db "$dir/takamul.db"
  for mode in raw normalised; do
    step "[$population] PostgreSQL pg_trgm, $mode names"
    "$PROGRAMS/bench_search_pg" --conninfo "$conninfo" --mode "$mode" --queries "$dir/queries.tsv" \
      --folded "$dir/folded.tsv" --answers "$dir/pg_$mode.answers" --summary "$summary" \
      --threshold "${BENCH_PG_THRESHOLD:-0.3}" --sample "$SAMPLE" | sed -n '1,6p'
  done
  as_pg "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w >/dev/null
  pg_data=""
  echo "  PostgreSQL stopped"
}

for population in $populations; do
  run_population "$population"
done

for population in $populations; do
  step "Results: $population population"
  python3 bench/search/table.py "$work/$population/summary.tsv" "$population population"
done
echo
echo "whole run: $(( $(date +%s) - started )) s on $(nproc) cores"
