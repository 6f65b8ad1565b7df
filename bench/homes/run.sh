#!/bin/bash
# Homes: a home's register and the occupancy of all homes over ten years of placements (BENCH_PLACEMENTS, 30,000 by
# default) in the demo homes, read over HTTP by a manager as the web page reads them (every read audited). Prints a
# Markdown table of the latency of each, in milliseconds (docs/benchmarks.md).
# usage: bench/homes/run.sh   (after a build; TAKAMUL_BIN names the binary)   BENCH_REQUESTS=300
# It reads with a manager's token: the second factor the role needs is off (--set second_factor_roles=0), as on the
# test servers.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${TAKAMUL_BIN:-build/takamul}
REQUESTS=${BENCH_REQUESTS:-300}
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$BIN" demo --db "$work/h.db" >/dev/null 2>&1
python3 bench/homes/generate.py "$work/h.db" "${BENCH_PLACEMENTS:-30000}"
token=$("$BIN" user token --db "$work/h.db" --set second_factor_roles=0 manager 2>/dev/null)
port=$(free_port)
"$BIN" serve --db "$work/h.db" --listen "127.0.0.1:$port" --set second_factor_roles=0 2>"$work/serve.log" &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; do sleep 0.01; done
base="http://127.0.0.1:$port/api/v1"
homes=$(curl -sf -H "Authorization: Bearer $token" "$base/homes" | python3 -c 'import json,sys; print(" ".join(str(h["id"]) for h in json.load(sys.stdin)["items"]))')
read -r -a ids <<< "$homes"

# Each request's time from curl's own clock (time_total), in ms; prints p50 p95 max.
measure() {
  local out="$work/times"
  : > "$out"
  for ((i = 0; i < REQUESTS; i++)); do
    local url
    url=$("$@" "$i")
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" "$url" >> "$out"
  done
  if grep -qv '^200 ' "$out"; then echo "a request failed: $(grep -v '^200 ' "$out" | head -1)" >&2; exit 1; fi
  awk '{print $2 * 1000}' "$out" | sort -n | awk '{v[NR] = $1} END {printf "%.2f | %.2f | %.2f", v[int(NR * 0.5)], v[int(NR * 0.95)], v[NR]}'
}
register_url() { echo "$base/homes/${ids[$(( $1 % ${#ids[@]} ))]}/register"; }
occupancy_url() { echo "$base/homes"; }
largest=$(curl -sf -H "Authorization: Bearer $token" "$base/homes" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
print(max(items, key=lambda h: h["residents"])["id"])')
largest_url() { echo "$base/homes/$largest/register"; }

echo "| read (${REQUESTS} requests, $(sqlite3 "$work/h.db" 'SELECT count(*) FROM placements' 2>/dev/null || echo '?') placements) | p50 ms | p95 ms | max ms |"
echo "|---|---|---|---|"
echo "| a home's register (each home in turn) | $(measure register_url) |"
echo "| the register of the fullest home | $(measure largest_url) |"
echo "| the occupancy of all homes | $(measure occupancy_url) |"
