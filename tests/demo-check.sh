#!/bin/sh
# The demo, end to end, as CI runs it (no display): scripts/demo.sh on the
# build under test, then its outputs checked: receipts and print files,
# every report in every format (PDF pages and text, CSV for Korean Excel,
# JSON rows), the API copy equal to the file, the summaries, and every
# screenshot a real PNG.
#
#   tests/demo-check.sh SRC_DIR BUILD_DIR
set -eu
SRC=$1
BUILD=$2
OUT="$BUILD/demo"
unset DISPLAY WAYLAND_DISPLAY
CI=1 sh "$SRC/scripts/demo.sh" "$BUILD" > "$BUILD/demo-check.log" 2>&1 || {
  tail -40 "$BUILD/demo-check.log"; echo "demo-check: the demo failed" >&2; exit 1; }
fail() { echo "demo-check: $*" >&2; exit 1; }
grep -q "ledger ok" "$BUILD/demo-check.log" || fail "the stall ledger check did not pass"
grep -q '"receipts":5' "$BUILD/demo-check.log" || fail "the hub's summary of the demo day is not 5 receipts"
grep -q "the hub's API answers the same bytes" "$BUILD/demo-check.log" || fail "API and file differ"
grep -q "is refused, as it should be" "$BUILD/demo-check.log" || fail "scope refusal not shown"
for f in receipt-qr.png receipt.escpos z-report.escpos enroll-qr.png; do
  [ -s "$OUT/$f" ] || fail "$f missing"
done
for m in M01 M02 M03; do
  pdf="$OUT/reports/$m-report.pdf"
  pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
  [ "${pages:-0}" -ge 4 ] || fail "$pdf has ${pages:-no} pages"
  pdftotext "$pdf" - | grep -q "시장" || fail "$pdf has no Korean text"
  for k in lines stores stalls; do
    head -c 3 "$OUT/reports/$m-$k.csv" | od -An -tx1 | grep -q "ef bb bf" \
      || fail "$m-$k.csv has no BOM"
    grep -q '"rows":\[{' "$OUT/reports/$m-$k.json" || fail "$m-$k.json has no rows"
  done
  [ -s "$OUT/reports/$m-summary.txt" ] || fail "$m summary missing"
done
grep -q "수산물" "$OUT/reports/M01-summary.txt" || fail "M01's summary does not name fish"
n=0
for png in "$OUT"/screenshots/*.png; do
  [ "$(od -An -c -N4 "$png" | tr -d ' ')" = "211PNG" ] || fail "$png is not a PNG"
  n=$((n + 1))
done
[ "$n" -eq 10 ] || fail "$n screenshots, want 10"
echo "demo-check: the demo ran and its outputs check out ($n screenshots)"
