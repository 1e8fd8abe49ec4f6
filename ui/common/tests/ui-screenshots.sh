#!/bin/sh
# Checks a GTK app's test-only options, the same way for the till and the
# office:
#  1. --help and --help-all list none of them (they are G_OPTION_FLAG_HIDDEN:
#     --screenshot, --scenario, --bench, --bench-startup);
#  2. they still work: every scenario is rendered to a PNG under Xvfb and
#     each is checked: written, a PNG, the window's size, and not blank (a
#     blank 1280x800 PNG compresses to a few KB; a real screen is tens of KB,
#     MIN_BYTES says how many at least).
#
#   ui-screenshots.sh PROGRAM PNG_PREFIX MIN_BYTES SCENARIO...
#
# With SIZE=WxH in the environment the program is given --size WxH (the
# till's screens, docs/stall-pos.md) and the PNGs must be that size; by
# default they are the 1280x800 of the Xvfb screen; sizes that are not WxH
# in range must then be refused with exit status 2.
#
# The PNGs are PNG_PREFIX followed by SCENARIO.png (build/screenshots/ or
# build/screenshots/office-).  One script for both apps, so the
# checks cannot drift apart.
set -eu
PROG=$1
PREFIX=$2
MIN=$3
shift 3
name=$(basename "$PROG")
# each shot under a fresh server that chose its own display (xvfb-exec.sh)
XVFB_EXEC="$(cd "$(dirname "$0")/../../.." && pwd)/scripts/xvfb-exec.sh"
want=${SIZE:-1280x800}
mkdir -p "$(dirname "${PREFIX}x")"
fail=0
for h in --help --help-all; do
  if ! help=$("$PROG" "$h"); then
    echo "$name $h: failed" >&2
    fail=1
  elif printf '%s\n' "$help" | grep -E -e '--(screenshot|scenario|bench)' >&2; then
    echo "$name $h: shows a test-only option (above)" >&2
    fail=1
  else
    echo "$name $h: no test-only option shown"
  fi
done
if [ -n "${SIZE:-}" ]; then
  # a size that is not WxH in range is refused before any window, status 2
  for bad in 800 800x 0x600 800x600x1 99999x600 axb; do
    st=0
    err=$("$PROG" --size "$bad" --screenshot /dev/null --scenario empty 2>&1) || st=$?
    case "$st:$err" in
      2:*--size*) echo "$name --size $bad: refused" ;;
      *) echo "$name --size $bad: status $st, '$err' (want 2 and a word on --size)" >&2
         fail=1 ;;
    esac
  done
fi
for s in "$@"; do
  png="$PREFIX$s.png"
  rm -f "$png"
  if ! sh "$XVFB_EXEC" "$PROG" --screenshot "$png" --scenario "$s" ${SIZE:+--size "$SIZE"}; then
    echo "screenshot $s: $name failed" >&2
    fail=1
    continue
  fi
  size=$(wc -c < "$png")
  magic=$(od -An -c -N4 "$png" | tr -d ' ')
  dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{print $3*256+$4 "x" $7*256+$8}')
  echo "screenshot $s: $png, $size bytes, $dims"
  if [ "$magic" != "211PNG" ] || [ "$size" -lt "$MIN" ] || [ "$dims" != "$want" ]; then
    echo "screenshot $s: not a plausible $want screen" >&2
    fail=1
  fi
done
exit $fail
