#!/bin/sh
# Renders every scenario of the office app to a PNG under Xvfb and checks
# each: written, a PNG, the window's size, and not blank (a blank 1280x800
# PNG compresses to a few KB; a real screen is tens of KB).  The demo hub is
# seeded once into CACHE_DIR and reused by every scenario.
#
#   office-screenshots.sh MARKET_OFFICE OUT_DIR CACHE_DIR
set -eu
OFFICE=$1
OUT=$2
MPOS_OFFICE_DEMO_CACHE=$3
export MPOS_OFFICE_DEMO_CACHE
mkdir -p "$OUT"
fail=0
for s in signin overview stall lines stores offline refused; do
  png="$OUT/office-$s.png"
  rm -f "$png"
  if ! xvfb-run -a -s "-screen 0 1280x800x24" "$OFFICE" --screenshot "$png" --scenario "$s"; then
    echo "screenshot $s: market-office failed" >&2
    fail=1
    continue
  fi
  size=$(wc -c < "$png")
  magic=$(od -An -c -N4 "$png" | tr -d ' ')
  dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{print $3*256+$4 "x" $7*256+$8}')
  echo "screenshot $s: $png, $size bytes, $dims"
  if [ "$magic" != "211PNG" ] || [ "$size" -lt 15000 ] || [ "$dims" != "1280x800" ]; then
    echo "screenshot $s: not a plausible 1280x800 screen" >&2
    fail=1
  fi
done
exit $fail
