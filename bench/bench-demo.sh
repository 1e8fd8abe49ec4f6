#!/bin/sh
# bench-demo.sh: the whole demo after the build, as `make demo` runs it
# without a display (scripts/demo.sh: the stall's day, the hub seeded and
# served, the sync, every report, every screenshot), RUNS times into a
# scratch directory.  Per run: the wall time, the seeding step's own time
# (as `market-hub seed` reports it), the hub's size on disk with its WAL,
# and the load average when the run began, since the machine is shared;
# then the median, min and max of the wall times.
#
#   sh bench/bench-demo.sh BUILD [RUNS]
#
# RUNS defaults to 5.  MPOS_NOW, when set, runs every demo on that day.
set -eu
BUILD=${1:?usage: bench-demo.sh BUILD [RUNS]}
RUNS=${2:-5}
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
unset DISPLAY WAYLAND_DISPLAY

: > "$WORK/times"
i=1
while [ "$i" -le "$RUNS" ]; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s%N)
  CI=1 sh "$SRC/scripts/demo.sh" "$BUILD" "$WORK/demo" > "$WORK/log" 2>&1 || {
    tail -20 "$WORK/log" >&2; echo "bench-demo: run $i failed" >&2; exit 1; }
  t1=$(date +%s%N)
  ms=$(((t1 - t0) / 1000000))
  seed=$(sed -n 's/^seeded .* in \([0-9.]*\) s$/\1/p' "$WORK/log")
  bytes=$(du -cb "$WORK/demo/hub.sqlite"* | tail -n 1 | cut -f1)
  printf 'run %d: %d.%03d s (seeding %s s), hub %d bytes, load %s at the start\n' \
    "$i" $((ms / 1000)) $((ms % 1000)) "${seed:-?}" "$bytes" "$load"
  echo "$ms" >> "$WORK/times"
  i=$((i + 1))
done
sort -n "$WORK/times" | awk '
  { t[NR] = $1 }
  END {
    m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "demo: %d runs, median %.1f s, min %.1f s, max %.1f s\n", NR, m / 1000, t[1] / 1000, t[NR] / 1000
  }'
