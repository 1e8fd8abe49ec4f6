#!/bin/sh
# The demo, the system's main job end to end on the embedded SQLite default:
#  1. a scripted day at one market stall, rung with the real `stall` program
#     on a fresh ledger, printing receipts and the Z report;
#  2. a hub on SQLite seeded with five demo markets and two months of
#     generated sales ending yesterday, served on 127.0.0.1; the demo stall
#     enrolls and its day reaches the hub through the real sync path;
#  3. the analytics: product-line and core-store reports as PDF, CSV and
#     JSON over the 30 days ending today, and a short summary of what they
#     found;
#  4. the GTK apps: with a display, the till and the office side by side;
#     without one, every screenshot, the office's from this same hub.
#
#   scripts/demo.sh BUILD_DIR [OUT_DIR]
#
# Everything it makes goes under OUT_DIR (default BUILD_DIR/demo/, removed
# and made anew on each run, so running it twice works). Its dates are
# relative to today in Asia/Seoul: the stall rings today, the history ends
# yesterday. MPOS_NOW (an ISO 8601 time, "2027-01-01T10:00:00+09:00")
# makes it run on another day, as tests/demo-check.sh does; every program
# reads it (base/mb-clock.h). Ctrl-C stops everything it started.
set -eu
BUILD=${1:-build}
STALL="$BUILD/bin/stall"
HUB="$BUILD/bin/market-hub"
REPORT="$BUILD/bin/market-report"
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/scripts/hub-port.sh"
OUT=${2:-"$BUILD/demo"}
[ -x "$STALL" ] || { echo "demo: $STALL is not built (run make demo)" >&2; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT"
DB="$OUT/stall.sqlite"

# Today in Seoul (UTC+9 all year, docs/DOMAIN.md), from $MPOS_NOW when set.
if [ -n "${MPOS_NOW:-}" ]; then
  NOW_S=$(date -d "$MPOS_NOW" +%s) || { echo "demo: MPOS_NOW=$MPOS_NOW is not a time" >&2; exit 2; }
else
  NOW_S=$(date +%s)
fi
DAY=$(date -u -d "@$((NOW_S + 9 * 3600))" +%F)
day_before() { date -u -d "$DAY -$1 day" +%F; }
YESTERDAY=$(day_before 1)

st() { "$STALL" --db "$DB" "$@"; }
at() { MPOS_NOW="${DAY}T$1:00+09:00"; export MPOS_NOW; }
say() { printf '\n=== %s\n' "$*"; }

say "Morning: set up the stall, load the catalog, open the drawer with 50,000 won"
at 06:50
st init --stall-name "행복청과·반찬 (데모)" --rounding 10 --business-no 123-45-67890 \
   --address "서울 가온구 가온시장 A-12" --phone 02-123-4567 --instore-pattern 21PPPPPWWWWWC
st product import "$SRC/seeds/demo-stall-catalog.csv"
st open-day --float 50000

say "07:12 apples and a weighed pork cut, paid cash"
at 07:12
st sell --item 1=4 --item 13=450g --pay cash=20000

say "08:40 kimchi by weight (1.2 kg), scanned tofu, card with its approval number"
at 08:40
st --json sell --item 8=1.2kg --item 8809876543213 --pay card=19300:30012345

say "10:05 a regular: 500 won off, one 근 of beef, paid with a paper Onnuri certificate and cash"
at 10:05
st sell --item 14=1근 --item 4=2 --discount 500:단골 --pay onnuri-paper=30000 --pay cash=20000 \
   --cash-receipt 010-1234-5678

say "11:30 a label from the scale (in-store barcode: PLU 13, 450 g), Zero Pay"
at 11:30
st sell --item 2100013004502 --pay zeropay=7560:ZP20261126A1

say "13:15 meal kit (똠 is outside KS X 1001: printed as an image), 덤 on the rice cake"
at 13:15
S=$(st --json sell --item 16 --item 15=2 --line-discount 2=1000:덤 --pay cash=20000)
echo "$S"
SALE_ID=$(printf '%s' "$S" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')

say "14:02 wrong item rung: void it"
at 14:02
V=$(st --json sell --item 9=500g --pay cash=6000)
VOID_ID=$(printf '%s' "$V" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
st void "$VOID_ID" --reason "잘못 입력"

say "16:40 the customer from 13:15 brings the rice cakes back: refund line 2 in cash"
at 16:40
st refund "$SALE_ID" --line 2 --reason "반품"

say "The 13:15 receipt on 58 mm paper, with its QR and an ESC/POS print file"
st receipt "$SALE_ID" --width 32 --qr-png "$OUT/receipt-qr.png" --escpos "$OUT/receipt.escpos" --kick

say "Evening: count the drawer (91,000 won) and close the day"
at 19:30
st close-day --counted-cash 91000 --escpos "$OUT/z-report.escpos"

say "Ledger check"
st check

# ---- 2. the hub -------------------------------------------------------------------
# The rest of the demo happens that evening, after the day close: the hub,
# the sync, the reports and the office all read this clock.
at 19:35
HDB="$OUT/hub.sqlite"
HUB_PID=""
cleanup() { [ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

say "The hub: five fictional markets, 16 stalls each, the 60 days to $YESTERDAY of generated sales (seeds/README.md)"
"$HUB" --db "$HDB" init
# 12 receipts a plain day for a mid-size stall (the generator's default is
# 40): the reports find the same things in a hub of about 115 MB
"$HUB" --db "$HDB" seed --markets 5 --stalls 16 --days 60 --receipts 12 --until "$YESTERDAY"
"$HUB" --db "$HDB" serve --listen 127.0.0.1:0 > "$OUT/hub.log" 2>&1 &
HUB_PID=$!
PORT=$(hub_port "$OUT/hub.log")
[ -n "$PORT" ] || { echo "demo: the hub did not start:"; cat "$OUT/hub.log"; exit 1; }
URL="http://127.0.0.1:$PORT"
echo "hub serving on $URL (log: $OUT/hub.log)"

say "Enroll the demo stall in 가온중앙시장 (M02) and sync its day"
"$HUB" --db "$HDB" stall add M02-DEMO --market M02 --name "행복청과·반찬 (데모)"
CODE=$("$HUB" --db "$HDB" enroll-code --stall M02-DEMO --qr-png "$OUT/enroll-qr.png" | tail -n 1)
st enroll --hub "$URL" --code "$CODE"
st sync
st sync --status
ADMIN=$("$HUB" --db "$HDB" user add demo-admin --role admin | tail -n 1)
CONSULTANT=$("$HUB" --db "$HDB" user add demo-consultant --role consultant --market M01 | tail -n 1)
MANAGER=$("$HUB" --db "$HDB" user add demo-manager --role manager --market M01 --market M02 \
  | tail -n 1)
# the office's screenshots serve this hub with these tokens (MPOS_OFFICE_DEMO_DIR)
( umask 077; printf '[tokens]\ndemo-admin=%s\ndemo-manager=%s\ndemo-consultant=%s\n' \
    "$ADMIN" "$MANAGER" "$CONSULTANT" > "$OUT/tokens.ini"
  printf '%s\n' "$MANAGER" > "$OUT/manager.token" )
echo "the hub's figures for the demo stall's day (GET /v1/stalls/M02-DEMO/summary):"
curl -s -H "Authorization: Bearer $ADMIN" "$URL/v1/stalls/M02-DEMO/summary?from=$DAY&to=$DAY"
echo

# ---- 3. the analytics ---------------------------------------------------------------
FROM=$(day_before 29)
TO=$DAY
REP="$OUT/reports"
mkdir -p "$REP"
say "Reports for $FROM .. $TO (today, with the demo stall's day) against the 30 days before"
for m in M01 M02 M03; do
  for k in lines stores stalls; do
    "$REPORT" "$k" --db "$HDB" --market "$m" --from "$FROM" --to "$TO" --format csv \
      --out "$REP/$m-$k.csv" 2>/dev/null
    "$REPORT" "$k" --db "$HDB" --market "$m" --from "$FROM" --to "$TO" --format json \
      --out "$REP/$m-$k.json" 2>/dev/null
  done
  "$REPORT" all --db "$HDB" --market "$m" --from "$FROM" --to "$TO" --out "$REP/$m-report.pdf"
done
# the same report through the hub's API, with a consultant's token
"$REPORT" lines --hub "$URL" --token "$CONSULTANT" --market M01 --from "$FROM" --to "$TO" \
  --format json --out "$REP/M01-lines-via-hub.json"
cmp -s "$REP/M01-lines.json" "$REP/M01-lines-via-hub.json" \
  && echo "the hub's API answers the same bytes as the database (M01 lines)"
if "$REPORT" lines --hub "$URL" --token "$CONSULTANT" --market M02 --from "$FROM" --to "$TO" \
     > /dev/null 2>&1; then
  echo "demo: a consultant of M01 read M02: scopes are broken" >&2
  exit 1
fi
echo "a consultant of M01 asking for M02 is refused, as it should be"

say "What the analytics found (the plain-Korean summary of each market's report)"
for m in M01 M02 M03; do
  "$REPORT" all --db "$HDB" --market "$m" --from "$FROM" --to "$TO" --format text \
    | tee "$REP/$m-summary.txt"
  echo
done
ls -1 "$REP"

# ---- 4. the GTK apps ------------------------------------------------------------------
TILL="$BUILD/bin/stall-pos"
OFFICE="$BUILD/bin/market-office"
SHOTS="$OUT/screenshots"
mkdir -p "$SHOTS"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
  say "Opening the till (the demo stall) and the office (the manager of 가온중앙시장); close both to finish"
  [ -x "$TILL" ] && "$TILL" --db "$DB" &
  [ -x "$OFFICE" ] && "$OFFICE" --hub "$URL" --token-file "$OUT/manager.token" --market M02 \
    --period "$FROM..$TO" &
  wait
else
  say "No display: writing every screen of the till and the office under Xvfb"
  # shot APP NAME SCENARIO TARGET [OPTION...]: one screenshot of APP, or why there is none
  shot() {
    app=$1 name=$2 scenario=$3 target=$4
    shift 4
    if [ -x "$app" ] && sh "$SRC/scripts/xvfb-exec.sh" \
         "$app" --screenshot "$SHOTS/$name-$scenario.png" --scenario "$scenario" "$@" \
         > "$SHOTS/$name-$scenario.log" 2>&1; then
      echo "  $SHOTS/$name-$scenario.png"
      rm -f "$SHOTS/$name-$scenario.log"
    else
      echo "  $name $scenario: no screenshot (is $target built? $SHOTS/$name-$scenario.log)"
    fi
  }
  for sc in empty cart payment receipt close offline; do
    shot "$TILL" till "$sc" stall-pos
  done
  # the office serves this demo's hub (its database and tokens under $OUT)
  # and reads it at the demo's clock, over the reports' period
  MPOS_OFFICE_DEMO_DIR="$OUT"
  MPOS_HUB="$HUB"
  export MPOS_OFFICE_DEMO_DIR MPOS_HUB
  for sc in overview stall lines stores; do
    shot "$OFFICE" office "$sc" market-office --period "$FROM..$TO"
  done
fi

echo
echo "demo: stall ledger   $DB"
echo "demo: hub database   $HDB, $(du -cm "$HDB"* | tail -n 1 | cut -f1) MB with its WAL (it was served on $URL while the demo ran)"
echo "demo: receipts       $OUT/receipt-qr.png $OUT/receipt.escpos $OUT/z-report.escpos"
echo "demo: reports        $REP/"
echo "demo: screenshots    $SHOTS/"
