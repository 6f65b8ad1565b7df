#!/bin/bash
# Person-search benchmark: a synthetic Jordanian population (1 M persons by default) imported with
# `takamul import persons`, labelled spelling-variant queries and hard non-matches, run through Takamul's search
# and, in the same run, through PostgreSQL pg_trgm (raw and pre-normalised names) and SQLite FTS5 trigram.
# Prints one table side by side. See docs/benchmarks.md.
# usage: bench/search/run.sh   (make bench installs PostgreSQL and builds the programs first)
#   BENCH_PERSONS=1000000  population size        BENCH_QUERIES_PER_CLASS=100  queries per error class
#   BENCH_SEED=1           population and queries BENCH_PG=0                   skip PostgreSQL
#   BENCH_BASELINE_PER_CLASS=5  queries per class that every engine runs (PostgreSQL and FTS5 take about a second
#                          a query at 1 M persons); Takamul also runs all of them, reported on their own
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
summary="$work/summary.tsv"
: > "$summary"

step "Generating $PERSONS persons and the labelled queries (seed $SEED)"
python3 bench/search/generate.py --persons "$PERSONS" --seed "$SEED" --out "$work" --queries-per-class "$PER_CLASS"

step "Importing with $BIN import persons"
"$BIN" init --db "$work/takamul.db" >/dev/null 2>&1
set +e
import_output=$("$BIN" import persons --db "$work/takamul.db" "$work/persons.csv" 2>&1)
import_status=$?
set -e
echo "$import_output" | tail -3
if [ "$import_status" -ne 0 ]; then
  echo "the import rejected rows or failed (status $import_status): the labels would not match the ids" >&2
  exit 1
fi
import_line=$(echo "$import_output" | tail -1)
printf 'import\t%s\n' "$import_line" >> "$summary"
for file in "$work/persons.csv" "$work/takamul.db"; do
  echo "  $(basename "$file"): $(( $(stat -c %s "$file") / 1048576 )) MiB"
done

step "Takamul: person_search_rank"
"$PROGRAMS/bench_search" --db "$work/takamul.db" --queries "$work/queries.tsv" --folded "$work/folded.tsv" \
  --answers "$work/takamul.answers" --summary "$summary" --examples "${BENCH_EXAMPLES:-3}" --sample "$SAMPLE"

step "SQLite FTS5 trigram"
"$PROGRAMS/bench_search_fts5" --db "$work/takamul.db" --queries "$work/queries.tsv" --folded "$work/folded.tsv" \
  --index "$work/fts5.db" --answers "$work/fts5.answers" --summary "$summary" --sample "$SAMPLE" | sed -n '1,7p'

find_pg_bin() {
  local dir
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  done
}

if [ "$RUN_PG" = 1 ]; then
  pg_bin=$(find_pg_bin)
  if [ -z "$pg_bin" ] || [ ! -x "$PROGRAMS/bench_search_pg" ] || { [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; }; then
    echo "PostgreSQL, its postgres user or bench_search_pg is missing: run scripts/install-deps.sh bench and rebuild" >&2
    exit 2
  fi
  step "PostgreSQL pg_trgm: initdb (C.UTF-8), start on loopback, load, index"
  mkdir -p "$work/pg/run"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$work/pg"
  pg_data="$work/pg/data"
  as_pg "$pg_bin/initdb" -D "$pg_data" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=reject >"$work/pg/initdb.log" 2>&1 || { cat "$work/pg/initdb.log"; exit 1; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$pg_bin/pg_ctl" start -D "$pg_data" -w -t 60 -l "$work/pg/server.log" -o \
    "-p $port -k $work/pg/run -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c work_mem=64MB \
     -c maintenance_work_mem=512MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
     -c max_wal_size=8GB -c checkpoint_timeout=1h -c jit=off" >/dev/null
  echo "  PostgreSQL $(head -1 "$pg_data/PG_VERSION") started, pid $(head -1 "$pg_data/postmaster.pid"), 127.0.0.1:$port"
  if [ "$(id -u)" -eq 0 ]; then pg_user=postgres; else pg_user=$(id -un); fi
  conninfo="host=$work/pg/run port=$port user=$pg_user dbname=postgres"
  "$PROGRAMS/bench_search_pg" --conninfo "$conninfo" --load --db "$work/takamul.db"
  for mode in raw normalised; do
    step "PostgreSQL pg_trgm, $mode names"
    "$PROGRAMS/bench_search_pg" --conninfo "$conninfo" --mode "$mode" --queries "$work/queries.tsv" \
      --folded "$work/folded.tsv" --answers "$work/pg_$mode.answers" --summary "$summary" \
      --threshold "${BENCH_PG_THRESHOLD:-0.3}" --sample "$SAMPLE" | sed -n '1,6p'
  done
  as_pg "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w >/dev/null
  echo "  PostgreSQL stopped"
fi

step "Results"
python3 bench/search/table.py "$summary"
echo
echo "whole run: $(( $(date +%s) - started )) s on $(nproc) cores"
