#!/bin/bash
# Social studies: the server's PDF of a study, and the search over the text of BENCH_STUDIES synthetic studies
# (100,000 by default) spread over the twelve social service offices. Prints Markdown tables (docs/benchmarks.md).
# usage: bench/studies/run.sh   (after a build; TAKAMUL_BIN names the binary, its bench_studies beside it in bench/)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${TAKAMUL_BIN:-build/takamul}
BENCH=$(dirname "$BIN")/bench/bench_studies
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BIN" demo --db "$work/s.db" --set demo_cases_per_kind=0 >/dev/null 2>&1
"$BENCH" "$work/s.db" "${BENCH_STUDIES:-100000}"
echo
echo "database: $(du -m "$work/s.db" | cut -f1) MB"
