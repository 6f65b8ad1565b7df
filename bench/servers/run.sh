#!/bin/bash
# Servers benchmark: an audited GET /api/v1/cases/{id} (cases read at random) and a person search
# (GET /api/v1/persons/search?q=..., names of the population in turn), with wrk, against
#   1. one server on SQLite,
#   2. one server on PostgreSQL,
#   3. two servers on the same PostgreSQL behind a local nginx (round robin, kept-alive upstream connections),
#   4. nginx serving the same JSON as a static file,
# over BENCH_SERVERS_PERSONS persons (imported with `takamul import persons`: COPY on PostgreSQL) and
# BENCH_SERVERS_CASES cases (written straight in SQL, each with a person: a fill for reading, not a test of
# registering), 1 M each by default. Prints a Markdown table (docs/benchmarks.md): requests/s, p50/p95/p99, the CPU
# each process took, the load average, and the ratios.
# usage: bench/servers/run.sh   (make bench installs wrk, nginx and PostgreSQL first)
#   BENCH_SERVERS_PERSONS=1000000  BENCH_SERVERS_CASES=1000000  BENCH_SECONDS=10  BENCH_CONNECTIONS=32
#   BENCH_SERVER_THREADS=4  BENCH_KEEP=1 (keep the work directory)
# PostgreSQL 15 runs from a temporary directory (as the postgres user when run as root) on a free loopback port with
# its durable defaults (fsync, synchronous_commit on: SQLite runs with synchronous=FULL), and is stopped at the end;
# nginx too. Loopback only; every load is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${TAKAMUL_BIN:-build/takamul}
PERSONS=${BENCH_SERVERS_PERSONS:-1000000}
CASES=${BENCH_SERVERS_CASES:-1000000}
DURATION=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS_SETTING=${BENCH_SERVER_THREADS:-4}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
for tool in "$BIN" "$PG_BIN/initdb" "$PG_BIN/postgres" "$(command -v wrk || echo wrk)" "$(command -v nginx || echo /usr/sbin/nginx)" "$(command -v psql || echo psql)" "$(command -v sqlite3 || echo sqlite3)"; do
  [ -x "$tool" ] || { echo "missing $tool: build first, and scripts/install-deps.sh bench" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/takamul-servers.XXXXXX")
chmod 711 "$work"
servers=()
pg_server=""
nginx_conf=""
as_owner=""
if [ "$(id -u)" -eq 0 ]; then as_owner="setpriv --reuid=postgres --regid=postgres --init-groups --"; fi
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  [ -n "$nginx_conf" ] && nginx -c "$nginx_conf" -s stop 2>/dev/null || true
  if [ -n "$pg_server" ]; then kill -INT "$pg_server" 2>/dev/null || true; wait "$pg_server" 2>/dev/null || true; fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
began=$(date +%s)
step() { echo "== $1 ($(( $(date +%s) - began )) s)" >&2; }

# --- the population ---------------------------------------------------------------------------------------------
step "generating $PERSONS persons"
python3 bench/search/generate.py --persons "$PERSONS" --seed 1 --out "$work/gen" --queries-per-class 1 >/dev/null
# the searched names: 200 first and family names of the population, URL-encoded, in a file wrk's script reads
python3 - "$work/gen/persons.csv" "$work/queries.txt" <<'PY'
import csv, random, sys, urllib.parse
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
random.seed(7)
with open(sys.argv[2], 'w') as out:
    for row in random.sample(rows, min(200, len(rows))):
        out.write(urllib.parse.quote(f"{row['first_name']} {row['family_name']}") + "\n")
PY

# The cases: CASES family-violence cases of the demo caseworker's office, each with one of the persons as victim.
fill_cases_sql() { # engine: sqlite or pg
  local series now reference
  if [ "$1" = sqlite ]; then
    series="(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CASES) SELECT i FROM n) s"
    now="unixepoch()"
    reference="printf('BS-%07d', i)"
  else
    series="generate_series(1, $CASES) AS s(i)"
    now="extract(epoch FROM now())::bigint"
    reference="'BS-' || lpad(i::text, 7, '0')"
  fi
  cat <<SQL
INSERT INTO cases (reference, kind, unit_id, governorate, stage, risk_level, risk_assessment, sensitivity, summary,
                   reported_at, created_at, updated_at)
SELECT $reference, 'family_violence', (SELECT id FROM units WHERE code = 'SSO-AMM'), 'amman',
       CASE i % 5 WHEN 0 THEN 'registration' WHEN 1 THEN 'assessment' WHEN 2 THEN 'case_plan' WHEN 3 THEN 'implementation' ELSE 'follow_up' END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 'medium' END, CASE WHEN i % 5 = 0 THEN NULL ELSE 'عوامل خطر محدودة' END,
       'normal', 'بلاغ من مركز صحي عن إصابات متكررة لدى سيدة، وتذكر تعرضها للضرب من زوجها.',
       $now - i, $now - i, $now - i
FROM $series;
INSERT INTO case_persons (case_id, person_id, role, added_at)
SELECT c.id, p.first + (c.id % p.count), 'victim', $now
FROM cases c, (SELECT min(id) AS first, count(*) AS count FROM persons) p WHERE c.reference LIKE 'BS-%';
SQL
}

# --- SQLite ------------------------------------------------------------------------------------------------------
sqlite_db="$work/takamul.db"
step "SQLite: init, demo, import, $CASES cases"
"$BIN" init --db "$sqlite_db" >/dev/null 2>&1
"$BIN" demo --db "$sqlite_db" --set demo_cases_per_kind=0 >/dev/null 2>&1
t0=$(date +%s.%N)
"$BIN" import persons --db "$sqlite_db" "$work/gen/persons.csv" > "$work/import-sqlite.log" 2>&1 || { tail -5 "$work/import-sqlite.log"; exit 1; }
sqlite_import_s=$(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')")
t0=$(date +%s.%N)
{ echo "PRAGMA synchronous = OFF;"; fill_cases_sql sqlite; echo "ANALYZE;"; } | sqlite3 "$sqlite_db"
sqlite_fill_s=$(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')")
sqlite_token=$("$BIN" user token --db "$sqlite_db" caseworker 2>/dev/null)

# --- PostgreSQL ------------------------------------------------------------------------------------------------
step "PostgreSQL: initdb, start, init, demo, import (COPY), $CASES cases"
mkdir "$work/pg"
[ -z "$as_owner" ] || chown postgres "$work/pg"
chmod 700 "$work/pg"
$as_owner "$PG_BIN/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$work/pg/initdb.log" 2>&1 ||
  { cat "$work/pg/initdb.log" >&2; exit 1; }
pg_port=$(free_port)
$as_owner "$PG_BIN/postgres" -D "$work/pg/data" -k "$work/pg" -h 127.0.0.1 -p "$pg_port" -c shared_buffers=512MB \
  -c max_connections=100 -c max_wal_size=4GB >"$work/pg/server.log" 2>&1 &
pg_server=$!
for _ in $(seq 1 100); do
  psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.1
done
psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'CREATE DATABASE takamul' >/dev/null
pg_db="postgresql://postgres@127.0.0.1:$pg_port/takamul"
pg_key="$work/pg.key"
pgsql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d takamul "$@"; }
"$BIN" init --db "$pg_db" --key "$pg_key" >/dev/null 2>&1
"$BIN" demo --db "$pg_db" --key "$pg_key" --set demo_cases_per_kind=0 >/dev/null 2>&1
t0=$(date +%s.%N)
"$BIN" import persons --db "$pg_db" --key "$pg_key" "$work/gen/persons.csv" > "$work/import-pg.log" 2>&1 || { tail -5 "$work/import-pg.log"; exit 1; }
pg_import_s=$(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')")
t0=$(date +%s.%N)
# The count tables' triggers (schema 32) are off for the fill (200,000 cases one by one through
# them took over 15 minutes on a busy machine); takamul check --repair-counts then counts the cases once.
{ echo "BEGIN; SET LOCAL session_replication_role = replica;"; fill_cases_sql pg; echo "COMMIT; ANALYZE;"; } |
  pgsql >/dev/null
"$BIN" check --db "$pg_db" --key "$pg_key" --repair-counts > "$work/pg-counts.log" 2>&1 ||
  { tail -5 "$work/pg-counts.log"; exit 1; }
pg_fill_s=$(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')")
pg_token=$("$BIN" user token --db "$pg_db" --key "$pg_key" caseworker 2>/dev/null)
checkpoint() { pgsql -c 'CHECKPOINT' >/dev/null; }
checkpoint
sync

case_min=$(pgsql -c "SELECT min(id) FROM cases WHERE reference LIKE 'BS-%'")
case_max=$(pgsql -c "SELECT max(id) FROM cases WHERE reference LIKE 'BS-%'")
sqlite_case_min=$(sqlite3 "$sqlite_db" "SELECT min(id) FROM cases WHERE reference LIKE 'BS-%'")
sqlite_case_max=$(sqlite3 "$sqlite_db" "SELECT max(id) FROM cases WHERE reference LIKE 'BS-%'")

# --- wrk scripts -------------------------------------------------------------------------------------------------
cases_lua() { # min max
  cat <<LUA
math.randomseed(1)
request = function() return wrk.format(nil, "/api/v1/cases/" .. math.random($1, $2)) end
done = function(summary, latency, requests)
  io.write(string.format("percentiles %.2f %.2f %.2f\\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000,
                         latency:percentile(99) / 1000))
end
LUA
}
cat > "$work/search.lua" <<LUA
local queries = {}
for line in io.lines("$work/queries.txt") do queries[#queries + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/api/v1/persons/search?limit=20&q=" .. queries[(n % #queries) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("percentiles %.2f %.2f %.2f\\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000,
                         latency:percentile(99) / 1000))
end
LUA
cat > "$work/static.lua" <<LUA
done = function(summary, latency, requests)
  io.write(string.format("percentiles %.2f %.2f %.2f\\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000,
                         latency:percentile(99) / 1000))
end
LUA
cases_lua "$sqlite_case_min" "$sqlite_case_max" > "$work/cases-sqlite.lua"
cases_lua "$case_min" "$case_max" > "$work/cases-pg.lua"

# CPU time in clock ticks (user + system, every thread) of the processes given, with the children they have reaped
# (PostgreSQL's backends of closed connections, nginx's workers): a parent first, then its live children.
cpu_of() { # pid...
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13 + $14 + $15}') ))
  done
  echo "$total"
}
pg_pids() { echo "$pg_server"; pgrep -P "$pg_server" 2>/dev/null || true; }
nginx_pids() { if [ -f "$work/nginx.pid" ]; then cat "$work/nginx.pid"; pgrep -P "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi; }
ticks=$(getconf CLK_TCK)

results="$work/results.tsv"
: > "$results"
# run name endpoint url script [header] : one wrk run; a row of the table, and its numbers kept for the ratios
run() {
  local name=$1 endpoint=$2 url=$3 script=$4 header=${5:-}
  local load cpu_srv0 cpu_pg0 cpu_ngx0 t0 out t1
  load=$(cut -d' ' -f1 /proc/loadavg)
  cpu_srv0=$(cpu_of "${servers[@]}"); cpu_pg0=$(cpu_of $(pg_pids)); cpu_ngx0=$(cpu_of $(nginx_pids))
  t0=$(date +%s.%N)
  if [ -n "$header" ]; then
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$script" -H "$header" "$url")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$script" "$url")
  fi
  t1=$(date +%s.%N)
  local cpu_srv cpu_pg cpu_ngx
  cpu_srv=$(python3 -c "print(f'{100*($(cpu_of "${servers[@]}")-$cpu_srv0)/$ticks/($t1-$t0):.0f}')")
  cpu_pg=$(python3 -c "print(f'{100*($(cpu_of $(pg_pids))-$cpu_pg0)/$ticks/($t1-$t0):.0f}')")
  cpu_ngx=$(python3 -c "print(f'{100*($(cpu_of $(nginx_pids))-$cpu_ngx0)/$ticks/($t1-$t0):.0f}')")
  local rps p50 p95 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  read -r p50 p95 p99 < <(echo "$out" | awk '/^percentiles/ {print $2, $3, $4}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  errors=${errors:-0}
  socket=$(echo "$out" | awk '/Socket errors/ {print $0}' | sed 's/.*Socket errors: //')
  printf "| %-34s | %-26s | %9s | %6s | %6s | %6s | %4s%% | %4s%% | %4s%% | %5s | %s |\n" "$name" "$endpoint" "$rps" \
    "$p50" "$p95" "$p99" "$cpu_srv" "$cpu_pg" "$cpu_ngx" "$load" "$errors${socket:+ ($socket)}"
  printf '%s\t%s\t%s\n' "$name" "$endpoint" "$rps" >> "$results"
}

start_server() { # db port [args...]: appends the pid to servers
  local db=$1 port=$2
  shift 2
  "$BIN" serve --db "$db" --listen "127.0.0.1:$port" --set threads="$THREADS_SETTING" --set second_factor_roles=0 "$@" \
    2>>"$work/serve-$port.log" &
  servers+=($!)
  until curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; do sleep 0.05; done
}
stop_servers() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  servers=()
}
# the first search waits for the person index to load: timed apart, then a warm-up
warm() { # base token
  local t0
  t0=$(date +%s.%N)
  curl -sf -H "Authorization: Bearer $2" "$1/api/v1/persons/search?q=$(head -1 "$work/queries.txt")" >/dev/null
  python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')"
}

port_a=$(free_port); port_b=$(free_port); nginx_port=$(free_port)
mkdir -p "$work/static"
nginx_conf="$work/nginx.conf"
cat > "$nginx_conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  upstream takamul {
    server 127.0.0.1:$port_a;
    server 127.0.0.1:$port_b;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location /static/ { alias $work/static/; default_type application/json; }
    location /api/ {
      proxy_pass http://takamul;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
NGINX

header=$(printf "| %-34s | %-26s | %9s | %6s | %6s | %6s | %5s | %5s | %5s | %5s | %s |" "setup" "endpoint" "req/s" "p50 ms" \
  "p95 ms" "p99 ms" "srv" "pg" "nginx" "load" "non-2xx")
echo
echo "Takamul servers benchmark: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $PERSONS persons, $CASES cases,"
echo "${DURATION}s per run, $CONNECTIONS connections (wrk -t2), $THREADS_SETTING worker threads per server; CPU in % of one core"
echo "fill: SQLite import ${sqlite_import_s} s, cases ${sqlite_fill_s} s; PostgreSQL import (COPY) ${pg_import_s} s, cases ${pg_fill_s} s"
echo
echo "$header"
echo "|$(printf -- '-%.0s' $(seq 1 36))|$(printf -- '-%.0s' $(seq 1 28))|-----------|--------|--------|--------|-------|-------|-------|-------|---------|"

# 1. one server on SQLite
start_server "$sqlite_db" "$port_a"
sqlite_index_s=$(warm "http://127.0.0.1:$port_a" "$sqlite_token")
run "1 server, SQLite" "GET /cases/{id} (audited)" "http://127.0.0.1:$port_a" "$work/cases-sqlite.lua" "Authorization: Bearer $sqlite_token"
run "1 server, SQLite" "GET /persons/search" "http://127.0.0.1:$port_a" "$work/search.lua" "Authorization: Bearer $sqlite_token"
curl -sf -H "Authorization: Bearer $sqlite_token" "http://127.0.0.1:$port_a/api/v1/cases/$sqlite_case_min" > "$work/static/case.json"
curl -sf -H "Authorization: Bearer $sqlite_token" "http://127.0.0.1:$port_a/api/v1/persons/search?limit=20&q=$(head -1 "$work/queries.txt")" > "$work/static/search.json"
stop_servers

# 2. one server on PostgreSQL
start_server "$pg_db" "$port_a" --key "$pg_key"
pg_index_s=$(warm "http://127.0.0.1:$port_a" "$pg_token")
run "1 server, PostgreSQL" "GET /cases/{id} (audited)" "http://127.0.0.1:$port_a" "$work/cases-pg.lua" "Authorization: Bearer $pg_token"
run "1 server, PostgreSQL" "GET /persons/search" "http://127.0.0.1:$port_a" "$work/search.lua" "Authorization: Bearer $pg_token"
stop_servers

# 3. two servers on PostgreSQL behind nginx, and 4. nginx's static files
start_server "$pg_db" "$port_a" --key "$pg_key" --trusted-proxy 127.0.0.1
start_server "$pg_db" "$port_b" --key "$pg_key" --trusted-proxy 127.0.0.1
warm "http://127.0.0.1:$port_a" "$pg_token" >/dev/null
warm "http://127.0.0.1:$port_b" "$pg_token" >/dev/null
nginx -c "$nginx_conf"
run "2 servers, PostgreSQL, nginx" "GET /cases/{id} (audited)" "http://127.0.0.1:$nginx_port" "$work/cases-pg.lua" "Authorization: Bearer $pg_token"
run "2 servers, PostgreSQL, nginx" "GET /persons/search" "http://127.0.0.1:$nginx_port" "$work/search.lua" "Authorization: Bearer $pg_token"
stop_servers
run "nginx static file (same JSON)" "a case's JSON" "http://127.0.0.1:$nginx_port/static/case.json" "$work/static.lua"
run "nginx static file (same JSON)" "a search's JSON" "http://127.0.0.1:$nginx_port/static/search.json" "$work/static.lua"

echo
python3 - "$results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1], encoding='utf-8'):
    name, endpoint, rps = line.rstrip('\n').split('\t')
    rows[(name, 'case' if 'case' in endpoint else 'search')] = float(rps)
static = 'nginx static file (same JSON)'
for kind, label in (('case', 'audited case read'), ('search', 'person search')):
    base = rows[(static, kind)]
    parts = []
    for name in ('1 server, SQLite', '1 server, PostgreSQL', '2 servers, PostgreSQL, nginx'):
        parts.append(f"{name}: {100 * rows[(name, kind)] / base:.1f}% of nginx")
    one = rows[('1 server, PostgreSQL', kind)]
    parts.append(f"PostgreSQL/SQLite {rows[('1 server, PostgreSQL', kind)] / rows[('1 server, SQLite', kind)]:.2f}")
    parts.append(f"2 servers/1 server {rows[('2 servers, PostgreSQL, nginx', kind)] / one:.2f}")
    print(f"{label}: " + "; ".join(parts))
PY
echo "person index loaded (first search answered) after ${sqlite_index_s} s on SQLite, ${pg_index_s} s on PostgreSQL"
echo "audit rows: SQLite $(sqlite3 "$sqlite_db" 'SELECT count(*) FROM audit'), PostgreSQL $(pgsql -c 'SELECT count(*) FROM audit')"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" audit verify --db "$pg_db" --key "$pg_key" | tail -1
