#!/bin/sh
# make fuzz: builds the libFuzzer targets with clang (ASan + UBSan) and runs each for FUZZ_SECONDS (default 60),
# growing the corpus in tests/fuzz/corpus/<target>/. New inputs found there are worth committing.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang meson setup build-fuzz -Dfuzzing=true -Dunit_tests=false -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C build-fuzz
for target in body text csv; do
  echo "fuzzing $target for ${seconds}s"
  build-fuzz/tests/fuzz/fuzz_$target -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
    "tests/fuzz/corpus/$target" 2>&1 | tail -4
done
