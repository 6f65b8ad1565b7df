#!/bin/bash
# HTTP benchmark: start-up time, throughput and latency of authenticated (and audited) API reads beside nginx
# serving the same JSON as a static file, and the server's memory; then GET /api/v1/cases/{id} over BENCH_CASES
# cases (1 M by default) read at random.
# usage: bench/run.sh   (make bench installs wrk, nginx-light and hyperfine first)
#   BENCH_SECONDS=10  BENCH_CONNECTIONS=64  BENCH_SERVER_THREADS=4  BENCH_CASES=1000000
# Loopback only; every load is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TAKAMUL_BIN:-build/takamul}
DURATION=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS_SETTING=${BENCH_SERVER_THREADS:-4}
CASES=${BENCH_CASES:-1000000}
work=$(mktemp -d)
chmod 755 "$work"
server_pid=""
nginx_conf=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$nginx_conf" ] && nginx -c "$nginx_conf" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$BIN" init --db "$work/b.db" >/dev/null 2>&1
"$BIN" demo --db "$work/b.db" --set demo_cases_per_kind=0 >/dev/null 2>&1
admin_token=$("$BIN" user token --db "$work/b.db" --set second_factor_roles=0 admin 2>/dev/null)
worker_token=$("$BIN" user token --db "$work/b.db" caseworker 2>/dev/null)
port=$(free_port)

# Start-up: from exec to the first answered request, best of 5.
best_ms=999999
for i in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$BIN" serve --db "$work/b.db" --listen "127.0.0.1:$port" 2>/dev/null &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; do sleep 0.002; done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (end - start) / 1000000 ))
  [ "$ms" -lt "$best_ms" ] && best_ms=$ms
done

"$BIN" serve --db "$work/b.db" --listen "127.0.0.1:$port" --set threads="$THREADS_SETTING" --set second_factor_roles=0 2>"$work/serve.log" &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; do sleep 0.01; done
idle_rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")

# nginx serving the same JSON document the audited endpoint returns.
mkdir -p "$work/static"
curl -sf -H "Authorization: Bearer $admin_token" "http://127.0.0.1:$port/api/v1/users/1" > "$work/static/user.json"
nginx_port=$(free_port)
nginx_conf="$work/nginx.conf"
cat > "$nginx_conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { root $work/static; default_type application/json; }
  }
}
NGINX
nginx -c "$nginx_conf"

run_wrk() { # name url [header]
  local name=$1 url=$2 header=${3:-}
  local out
  if [ -n "$header" ]; then
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$header" "$url")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")
  fi
  local rps p50 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  printf "| %-44s | %10s | %8s | %8s | %6s |\n" "$name" "$rps" "$p50" "$p99" "${errors:-0}"
  eval "RPS_${3:+x}$RANDOM=1" 2>/dev/null || true
  echo "$rps" > "$work/last_rps"
}

echo
echo "Takamul foundation benchmark: $(nproc) cores, ${DURATION}s per run, $CONNECTIONS connections, server threads $THREADS_SETTING"
echo
printf "| %-44s | %10s | %8s | %8s | %6s |\n" "endpoint" "req/s" "p50" "p99" "non-2xx"
printf "|%s|%s|%s|%s|%s|\n" "----------------------------------------------" "------------" "----------" "----------" "--------"
run_wrk "nginx static file (same JSON)" "http://127.0.0.1:$nginx_port/user.json"
nginx_rps=$(cat "$work/last_rps")
run_wrk "GET /api/v1/health (no auth)" "http://127.0.0.1:$port/api/v1/health"
run_wrk "GET /api/v1/me (bearer, not audited)" "http://127.0.0.1:$port/api/v1/me" "Authorization: Bearer $worker_token"
run_wrk "GET /api/v1/users/1 (bearer, audited read)" "http://127.0.0.1:$port/api/v1/users/1" "Authorization: Bearer $admin_token"
audited_rps=$(cat "$work/last_rps")
peak_rss=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
echo
echo "audited read vs nginx static: $(python3 -c "print(f'{100*$audited_rps/$nginx_rps:.0f}%')")"
echo "start-up to first answer: ${best_ms} ms (best of 5)"
echo "server memory: ${idle_rss} KiB resident idle, ${peak_rss} KiB peak under load"
rows=$(sqlite3 "$work/b.db" "select count(*) from audit" 2>/dev/null || echo "?")
echo "audit rows written: $rows"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
server_pid=""
"$BIN" audit verify --db "$work/b.db" | tail -1

# Cases: BENCH_CASES family-violence cases of the demo caseworker's office, written straight into the database (a
# fill for reading, not a test of registering), then read at random by the caseworker: each read checks access
# through the unit and the assignments and is audited.
echo
echo "Filling $CASES cases..."
unit_id=$(sqlite3 "$work/b.db" "select id from units where code = 'SSO-AMM'")
sqlite3 "$work/b.db" <<SQL
PRAGMA synchronous = OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CASES)
INSERT INTO cases (reference, kind, unit_id, governorate, stage, risk_level, risk_assessment, sensitivity, summary,
                   reported_at, created_at, updated_at)
SELECT printf('FV-2026-%07d', i), 'family_violence', $unit_id, 'amman',
       CASE i % 5 WHEN 0 THEN 'registration' WHEN 1 THEN 'assessment' WHEN 2 THEN 'case_plan' WHEN 3 THEN 'implementation' ELSE 'follow_up' END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 'medium' END, CASE WHEN i % 5 = 0 THEN NULL ELSE 'عوامل خطر محدودة' END,
       'normal', 'بلاغ من مركز صحي عن إصابات متكررة لدى سيدة، وتذكر تعرضها للضرب من زوجها.',
       unixepoch() - i, unixepoch() - i, unixepoch() - i
FROM n;
SQL
sync # the fill's pages reach the disk now, not in the middle of the measurement
"$BIN" serve --db "$work/b.db" --listen "127.0.0.1:$port" --set threads="$THREADS_SETTING" --set second_factor_roles=0 2>"$work/serve.log" &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; do sleep 0.01; done
curl -sf -H "Authorization: Bearer $worker_token" "http://127.0.0.1:$port/api/v1/cases/1" > "$work/static/case.json"
cat > "$work/cases.lua" <<LUA
math.randomseed(1)
request = function() return wrk.format(nil, "/api/v1/cases/" .. math.random(1, $CASES)) end
done = function(summary, latency, requests)
  io.write(string.format("tail: p99.9 %.1f ms, max %.1f ms\\n", latency:percentile(99.9) / 1000, latency.max / 1000))
end
LUA
echo
printf "| %-44s | %10s | %8s | %8s | %6s |\n" "endpoint ($CASES cases)" "req/s" "p50" "p99" "non-2xx"
printf "|%s|%s|%s|%s|%s|\n" "----------------------------------------------" "------------" "----------" "----------" "--------"
run_wrk "nginx static file (a case's JSON)" "http://127.0.0.1:$nginx_port/case.json"
nginx_case_rps=$(cat "$work/last_rps")
out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$work/cases.lua" -H "Authorization: Bearer $worker_token" "http://127.0.0.1:$port")
case_rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
printf "| %-44s | %10s | %8s | %8s | %6s |\n" "GET /api/v1/cases/{random id} (audited)" "$case_rps" \
  "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
  "$(echo "$out" | awk '/Non-2xx/ {print $5}')"
run_wrk "GET /api/v1/cases?limit=50 (audited list)" "http://127.0.0.1:$port/api/v1/cases?limit=50" "Authorization: Bearer $worker_token"
echo
echo "audited case read vs nginx static: $(python3 -c "print(f'{100*$case_rps/$nginx_case_rps:.0f}%')") (target >= 50%, p99 < 10 ms)"
echo "$out" | grep '^tail:' || true
echo "server memory with $CASES cases: $(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status") KiB peak"
echo "write-ahead log after the load: $(( $(stat -c %s "$work/b.db-wal" 2>/dev/null || echo 0) / 1048576 )) MiB (the writer starts it over past 64 MiB)"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
server_pid=""
echo "audit rows: $(sqlite3 "$work/b.db" "select count(*) from audit"), filed by record: $(sqlite3 "$work/b.db" "select upto from audit_filed")"
"$BIN" audit verify --db "$work/b.db" | tail -1
