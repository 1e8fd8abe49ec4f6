#!/bin/sh
# The demo: a scripted day at one market stall, rung with the real `stall`
# program on a fresh ledger, printing receipts and the Z report.
#
#   scripts/demo.sh BUILD_DIR
#
# Everything it makes goes under BUILD_DIR/demo/ (removed and made anew on
# each run, so running it twice works). The clock is fixed with MPOS_NOW so
# the day reads like a real one.
set -eu
BUILD=${1:-build}
STALL="$BUILD/sync/stall"
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT="$BUILD/demo"
[ -x "$STALL" ] || { echo "demo: $STALL is not built (run make demo)" >&2; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT"
DB="$OUT/stall.sqlite"
DAY=2026-11-26

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
echo
echo "demo: ledger $DB"
echo "demo: receipt QR $OUT/receipt-qr.png, ESC/POS files $OUT/receipt.escpos $OUT/z-report.escpos"
echo "demo: every sale as JSON lines: $STALL --db $DB export"
