#!/bin/sh
# The office app's speed (docs/BENCHMARKS.md, "Office"): RUNS runs of
# `market-office --bench` under a fresh Xvfb each, against the demo hub's
# one market of 200 stalls x 60 days (seeded once into CACHE_DIR), then the
# median, minimum and maximum of each figure over the runs.
#
#   bench-office.sh BUILD_DIR [RUNS] [CACHE_DIR]
#
# Each run prints (office-bench.c): sign-in to first screen drawn (and its
# parts), then per-frame times of scrolling the 200-row table top to bottom
# and back in 80 steps and of sorting it by each column both ways, as wall
# time and as the UI thread's CPU time.
set -eu
BUILD=$1
RUNS=${2:-10}
MPOS_OFFICE_DEMO_CACHE=${3:-$BUILD/office-demo}
export MPOS_OFFICE_DEMO_CACHE
OFFICE=$BUILD/bin/market-office
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
i=0
while [ "$i" -lt "$RUNS" ]; do
  sh "$(dirname "$0")/../../../scripts/xvfb-exec.sh" "$OFFICE" --bench 2>/dev/null | grep '^office-bench' >> "$OUT"
  i=$((i + 1))
done
# One line per figure: median, min, max over the runs.
stat() {
  sort -n | awk -v what="$1" '{ v[NR] = $1 } END {
    if (NR == 0) { print what ": no data"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%-44s median %8.1f   min %8.1f   max %8.1f   (%d runs)\n", what, m, v[1], v[NR], NR }'
}
grep 'first-screen-ms' "$OUT" | awk '{print $5}' | stat "first screen, ms (sign-in to drawn)"
grep 'first-screen-ms' "$OUT" | awk '{gsub(/,/, "", $10); print $10}' | stat "  of which data fetched and parsed, ms"
grep 'first-screen-ms' "$OUT" | awk '{gsub(/\)/, "", $15); print $15}' | stat "  of which table filled and drawn, ms"
for what in "scroll wall" "scroll cpu" "sort wall" "sort cpu"; do
  grep "office-bench $what " "$OUT" | awk '{print $7}' | stat "$what: median frame, ms"
  grep "office-bench $what " "$OUT" | awk '{print $11}' | stat "$what: slowest frame, ms"
  grep "office-bench $what " "$OUT" | awk '{print $13}' | stat "$what: frames over 16.7 ms (of 161 / 20)"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
