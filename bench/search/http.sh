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

# The queries as request paths, in a Lua table wrk walks through in turn.
python3 - "$queries" "$work/search.lua" <<'PY'
import csv, sys, urllib.parse
paths = []
with open(sys.argv[1], encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        params = {"limit": "10"}
        if row["text"]:
            params["q"] = row["text"]
        if row["birth_year"] not in ("", "0"):
            params["birth_year"] = row["birth_year"]
        if row["national_id"]:
            params["national_id"] = row["national_id"]
        paths.append("/api/v1/persons/search?" + urllib.parse.urlencode(params))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("paths = {\n")
    for p in paths:
        out.write("  %s,\n" % ('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"'))
    out.write("}\n")
    out.write("""
i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("http: %d searches in %.1f s, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms, errors %d\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
""")
PY
wrk -t1 -c1 -d"${seconds}s" -s "$work/search.lua" -H "Authorization: Bearer $token" "http://127.0.0.1:$port" |
  grep '^http:'
