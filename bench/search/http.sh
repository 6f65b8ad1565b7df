#!/bin/bash
# Person search through the API: the latency a clerk sees, over HTTP, on a registry of the benchmark's population.
# The demo organisation (for a caseworker's token) gets the population imported beside its own persons; the server
# is started on a free loopback port; one client (wrk, one connection) asks GET /api/v1/persons/search with the
# benchmark's labelled queries in turn, each with its birth year and national number when it has them, limit 10,
# for BENCH_HTTP_SECONDS; p50, p95 and p99 come from wrk's own latency histogram. The server is stopped at the end.
# usage: bench/search/http.sh PERSONS.csv QUERIES.tsv WORKDIR   (run.sh calls it; wrk from make bench)
set -euo pipefail
BIN=${TAKAMUL_BIN:-build/takamul}
persons=$1
queries=$2
work=$3
seconds=${BENCH_HTTP_SECONDS:-20}
command -v wrk >/dev/null || { echo "wrk is missing: make bench installs it" >&2; exit 2; }

db="$work/http.db"
rm -f "$db" "$db-wal" "$db-shm" "$db.key"
"$BIN" demo --db "$db" --set demo_cases_per_kind=0 >/dev/null 2>&1
"$BIN" import persons --db "$db" "$persons" | tail -1
token=$("$BIN" user token --db "$db" caseworker 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --db "$db" --listen "127.0.0.1:$port" 2>"$work/http-serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; do sleep 0.05; done
# the first search waits for the index to load
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/persons/search?q=%D9%85%D8%AD%D9%85%D8%AF" \
  >/dev/null

# The queries as request paths, in a Lua script wrk walks through in turn.
python3 "$(dirname "$0")/wrk_script.py" "$queries" "$work/search.lua"
wrk -t1 -c1 -d"${seconds}s" -s "$work/search.lua" -H "Authorization: Bearer $token" "http://127.0.0.1:$port" |
  grep '^http:'
