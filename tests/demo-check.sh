#!/bin/sh
# The demo, end to end, as CI runs it (no display): scripts/demo.sh on the
# build under test, then its outputs checked: receipts and print files,
# every report in every format (PDF pages and text, CSV for Korean Excel,
# JSON rows), the API copy equal to the file, the summaries, and every
# screenshot a real PNG.  And that it is true on the day it runs: the
# history ends the day before, the demo stall's day is in the reports'
# window, no stall but the planted never-synced one is silent (over three
# days without a sync at the demo's clock, as the office counts), and the
# hub stays under 150 MB.
#
#   tests/demo-check.sh SRC_DIR BUILD_DIR [DAY]
#
# DAY (YYYY-MM-DD) runs the whole demo as if it were that day in Seoul,
# through MPOS_NOW (every program's clock, base/mb-clock.h); its files go
# to BUILD_DIR/demo-DAY/.  Without it the demo runs today into BUILD_DIR/demo/.
set -eu
SRC=$1
BUILD=$2
if [ -n "${3:-}" ]; then
  MPOS_NOW="$3T10:00:00+09:00"
  export MPOS_NOW
  OUT="$BUILD/demo-$3"
else
  unset MPOS_NOW
  OUT="$BUILD/demo"
fi
LOG="$OUT.log"
unset DISPLAY WAYLAND_DISPLAY
CI=1 sh "$SRC/scripts/demo.sh" "$BUILD" "$OUT" > "$LOG" 2>&1 || {
  tail -40 "$LOG"; echo "demo-check: the demo failed" >&2; exit 1; }
fail() { echo "demo-check: $*" >&2; exit 1; }
grep -q "ledger ok" "$LOG" || fail "the stall ledger check did not pass"

# the demo's day, as the demo computed it (Seoul, UTC+9), and its clock
NOW_S=$(date -d "${MPOS_NOW:-now}" +%s)
DAY=$(date -u -d "@$((NOW_S + 9 * 3600))" +%F)
YESTERDAY=$(date -u -d "$DAY -1 day" +%F)
FROM=$(date -u -d "$DAY -29 day" +%F)
EVENING_S=$(date -d "${DAY}T19:35:00+09:00" +%s)
grep -q "\"from\":\"$DAY\",\"to\":\"$DAY\",\"receipts\":5," "$LOG" \
  || fail "the hub's summary of the demo day ($DAY) is not 5 receipts"
grep -q "the hub's API answers the same bytes" "$LOG" || fail "API and file differ"
grep -q "is refused, as it should be" "$LOG" || fail "scope refusal not shown"

# every stall synced within three days of the demo's evening but the planted
# one; the generated history ends yesterday
HDB="$OUT/hub.sqlite"
newest=0
"$BUILD/bin/market-hub" --db "$HDB" stall list > "$OUT/stalls.tsv"
while IFS="$(printf '\t')" read -r code _name _market sync; do
  if [ "$sync" = never ]; then
    [ "$code" = M05-S16 ] || fail "$code never synced (only M05-S16 is planted so)"
    continue
  fi
  age=$((EVENING_S - $(date -d "$sync" +%s)))
  [ "$age" -le $((3 * 86400)) ] || fail "$code last synced $sync: silent at $DAY 19:35"
  case "$code" in *-DEMO) continue ;; esac
  day=$(printf '%s' "${sync%%T*}" | tr -d -)
  if [ "$day" -gt "$newest" ]; then newest=$day; fi
done < "$OUT/stalls.tsv"
# (the markets shut on 설날 and 추석 themselves: then the last sales are the day before)
LAST_OPEN=$YESTERDAY
if cut -d, -f4 "$SRC/seeds/holidays.csv" | grep -qx "$YESTERDAY"; then
  LAST_OPEN=$(date -u -d "$DAY -2 day" +%F)
fi
[ "$newest" = "$(printf '%s' "$LAST_OPEN" | tr -d -)" ] \
  || fail "the history's last sales are on $newest, not $LAST_OPEN (yesterday is $YESTERDAY)"
grep -q "^M05-S16$(printf '\t').*never$" "$OUT/stalls.tsv" \
  || fail "the planted never-synced stall M05-S16 is missing"

# the reports cover the 30 days to today, with the demo stall in M02's
grep -q "\"period\":{\"from\":\"$FROM\",\"to\":\"$DAY\"" "$OUT/reports/M02-stalls.json" \
  || fail "M02's report is not over $FROM..$DAY"
grep -q '"M02-DEMO"' "$OUT/reports/M02-stalls.json" || fail "the demo stall is not in M02's report"

# the hub's size, the database with anything left in its WAL
bytes=$(du -cb "$HDB"* | tail -n 1 | cut -f1)
echo "demo-check: the hub takes $bytes bytes"
[ "$bytes" -lt $((150 * 1024 * 1024)) ] || fail "the hub takes $bytes bytes, over 150 MB"

# the office's screenshots came from this hub: no other hub database was made
extra=$(find "$OUT" -name '*.sqlite' ! -path "$HDB" ! -name stall.sqlite)
[ -z "$extra" ] || fail "another hub database was made: $extra"
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
if [ "$n" -ne 10 ]; then
  # demo.sh keeps the log of a shot that failed: show why, or a flake stays a mystery
  for log in "$OUT"/screenshots/*.log; do
    [ -e "$log" ] || continue
    echo "demo-check: $log:" >&2
    tail -20 "$log" >&2
  done
  fail "$n screenshots, want 10"
fi
echo "demo-check: the demo of $DAY ran and its outputs check out ($n screenshots)"
