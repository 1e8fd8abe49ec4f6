#!/bin/sh
# Runs every libFuzzer target of tests/fuzz/ for a while (docs/FUZZING.md).
#
#   scripts/fuzz.sh BUILD_FUZZ SECONDS [TARGET...]
#
# Each target starts from its committed seeds (tests/fuzz/corpus/NAME) and
# keeps what it finds in BUILD_FUZZ/corpus/NAME, so a later run goes on from
# there; the seeds are only read.  A crash, a sanitizer report, a broken
# property (abort), a leak or an input slower than 10 s stops the target
# with its input saved as BUILD_FUZZ/artifacts/NAME-*, and this script
# fails.  -rss_limit_mb keeps one input from eating the machine.
set -eu
BUILD=$1
SECONDS_EACH=$2
shift 2
SRC=$(cd "$(dirname "$0")/.." && pwd)
TARGETS=${*:-"batch enroll catalog-csv report-query scale-label scale-frames"}
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS=suppressions=$SRC/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fail=0
for t in $TARGETS; do
  corpus=$BUILD/corpus/$t
  mkdir -p "$corpus" "$BUILD/artifacts"
  echo "fuzz: $t for ${SECONDS_EACH}s"
  if ! "$BUILD/bin/fuzz-$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
       -max_len=65536 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t-" \
       "$corpus" "$SRC/tests/fuzz/corpus/$t" >"$BUILD/fuzz-$t.log" 2>&1; then
    echo "fuzz: $t FAILED (log: $BUILD/fuzz-$t.log, input: $BUILD/artifacts/$t-*)"
    tail -40 "$BUILD/fuzz-$t.log"
    fail=1
  else
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$BUILD/fuzz-$t.log" \
      | sed "s/^/fuzz: $t: /"
  fi
done
exit $fail
