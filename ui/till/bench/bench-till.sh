#!/bin/sh
# The till's figures for docs/BENCHMARKS.md ("Till"): start to usable
# till, pay -> committed -> receipt on screen, resident memory.  Under a
# fresh Xvfb, so it runs headless the same way everywhere.
#
#   ui/till/bench/bench-till.sh [BUILD_DIR] [RUNS] [SALES]
set -eu
BUILD=${1:-build}
RUNS=${2:-20}
SALES=${3:-100}
BENCH="$BUILD/bin/bench-till"
STALL_POS="$BUILD/bin/stall-pos"
[ -x "$BENCH" ] && [ -x "$STALL_POS" ] || { echo "bench-till: build $BUILD first" >&2; exit 1; }
export MPOS_LOCALEDIR="$BUILD/locale"
sh "$(dirname "$0")/../../../scripts/xvfb-exec.sh" sh -c "
  '$BENCH' startup '$STALL_POS' $RUNS &&
  '$BENCH' sale $SALES"
