#!/bin/bash
# Two builds of the server compared on the person search through the API, side by side: both are started on the same
# database (each on a free loopback port), and one client (wrk, one connection, the benchmark's queries in turn)
# asks each in turn, in slices of SECONDS, after 15 s of warming each. A machine whose speed changes from minute to
# minute (a virtual machine beside others) then slows both alike, where two runs one after the other would compare
# two moments. Prints each slice, then the median p50 and p95 over the slices and the slices each build won.
# The server's processor time a search is its user and system time over the slice's searches.
# usage: bench/search/side_by_side.sh DB QUERIES.tsv BIN_A BIN_B [SLICES] [SECONDS]
#   DB: a database with the demo's users and the population imported (http.sh leaves one, WORKDIR/http.db);
#   the searches' audit rows are added to it.
set -euo pipefail
db=$1
queries=$2
bins=("$3" "$4")
slices=${5:-10}
seconds=${6:-6}
command -v wrk >/dev/null || { echo "wrk is missing: make bench installs it" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
python3 "$(dirname "$0")/wrk_script.py" "$queries" "$work/search.lua"

ports=()
tokens=()
for i in 0 1; do
  bin=${bins[$i]}
  ports[$i]=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  tokens[$i]=$("$bin" user token --db "$db" caseworker 2>/dev/null)
  "$bin" serve --db "$db" --listen "127.0.0.1:${ports[$i]}" 2>"$work/serve-$i.log" &
  pids[$i]=$!
  until curl -sf "http://127.0.0.1:${ports[$i]}/api/v1/health" >/dev/null 2>&1; do sleep 0.05; done
  # the first search waits for the index to load
  curl -sf -H "Authorization: Bearer ${tokens[$i]}" \
    "http://127.0.0.1:${ports[$i]}/api/v1/persons/search?q=%D9%85%D8%AD%D9%85%D8%AF" >/dev/null
done

# one slice: the wrk line, then the server's processor milliseconds a search
slice() {
  local i=$1 length=$2 before after line count
  before=$(awk '{print $14 + $15}' "/proc/${pids[$i]}/stat")
  line=$(wrk -t1 -c1 -d"${length}s" -s "$work/search.lua" -H "Authorization: Bearer ${tokens[$i]}" \
    "http://127.0.0.1:${ports[$i]}" | grep '^http:')
  after=$(awk '{print $14 + $15}' "/proc/${pids[$i]}/stat")
  count=$(echo "$line" | awk '{print $2}')
  echo "$line, server $(awk -v t="$((after - before))" -v n="$count" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.3f", n ? t * 1000 / hz / n : 0 }') ms a search"
}

echo "[0] ${bins[0]}"
echo "[1] ${bins[1]}"
slice 0 15 >/dev/null
slice 1 15 >/dev/null
for s in $(seq "$slices"); do
  for i in 0 1; do
    echo "slice $s [$i] $(slice "$i" "$seconds")" | tee -a "$work/slices"
  done
done
python3 - "$work/slices" "${bins[0]}" "${bins[1]}" <<'PY'
import re, statistics, sys
rows = {0: [], 1: []}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"\[(\d)\] http: (\d+) searches.*p50 ([\d.]+) ms, p95 ([\d.]+) ms.*server ([\d.]+) ms", line)
    if m:
        rows[int(m.group(1))].append(tuple(float(x) for x in m.group(3, 4, 5)))
wins = sum(1 for a, b in zip(rows[0], rows[1]) if b[1] < a[1])
for i in (0, 1):
    r = rows[i]
    print("[%d] %s: median p50 %.3f ms, median p95 %.3f ms, server %.3f ms a search (median of %d slices)" % (
        i, sys.argv[2 + i], statistics.median(x[0] for x in r), statistics.median(x[1] for x in r),
        statistics.median(x[2] for x in r), len(r)))
print("[1] had the lower p95 in %d of %d slices" % (wins, len(rows[1])))
PY
