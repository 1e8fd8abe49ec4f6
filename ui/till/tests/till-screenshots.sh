#!/bin/sh
# Renders every scenario of the till to a PNG under Xvfb and checks each:
# written, a PNG, the window's size, and not blank (a blank 1280x800 PNG
# compresses to a few KB; a real screen is tens of KB).
#
#   till-screenshots.sh STALL_POS OUT_DIR
set -eu
STALL_POS=$1
OUT=$2
mkdir -p "$OUT"
fail=0
for s in empty cart payment receipt close offline weight discount sales products settings; do
  png="$OUT/$s.png"
  rm -f "$png"
  if ! xvfb-run -a -s "-screen 0 1280x800x24" "$STALL_POS" --screenshot "$png" --scenario "$s"; then
    echo "screenshot $s: stall-pos failed" >&2
    fail=1
    continue
  fi
  size=$(wc -c < "$png")
  magic=$(od -An -c -N4 "$png" | tr -d ' ')
  dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{print $3*256+$4 "x" $7*256+$8}')
  echo "screenshot $s: $png, $size bytes, $dims"
  if [ "$magic" != "211PNG" ] || [ "$size" -lt 30000 ] || [ "$dims" != "1280x800" ]; then
    echo "screenshot $s: not a plausible 1280x800 screen" >&2
    fail=1
  fi
done
exit $fail
