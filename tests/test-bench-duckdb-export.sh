#!/bin/sh
# test-bench-duckdb-export.sh: the DuckDB peer's input (bench/duckdb/) is the
# raw documents exported by bench-duckdb-export; if it lost, doubled or
# mangled rows, the peer would check the hub's reports against the wrong
# figures.  Without the network or DuckDB this checks the export against
# what ingest summed on its own path, the hub's rollups: documents, line
# revenue and quantity, receipts, tenders net of change, each void and
# refund naming a stored original; and the failure paths (no hub, a
# directory that cannot be written: exit 1, nothing half-written).
#
#   sh tests/test-bench-duckdb-export.sh BUILD/bin
set -eu
BIN=${1:?usage: test-bench-duckdb-export.sh BIN}
T=$(mktemp -d)
trap 'chmod -R u+w "$T"; rm -rf "$T"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BIN/market-hub" --db "$T/hub.sqlite" init > /dev/null
"$BIN/market-hub" --db "$T/hub.sqlite" seed --markets 2 --stalls 3 --days 30 \
  --until 2026-11-25 > /dev/null 2>&1
"$BIN/bench-duckdb-export" "$T/hub.sqlite" "$T/out" > "$T/log"
grep -q '^exported markets.csv 2, stalls.csv 6, docs.csv [0-9]*, lines.csv' "$T/log" ||
  fail "unexpected summary: $(cat "$T/log")"
for f in markets stalls docs lines tenders; do
  [ -s "$T/out/$f.csv" ] || fail "$f.csv missing"
done
[ -z "$(ls "$T/out" | grep -v '\.csv$')" ] || fail "stray files: $(ls "$T/out")"

q() { sqlite3 "$T/hub.sqlite" "$1"; }
# A column's sum over a CSV, the header skipped (awk sums integers exactly
# below 2^53, far above these totals).
csum() { awk -F, -v c="$2" 'NR > 1 { s += $c } END { printf "%.0f\n", s }' "$T/out/$1.csv"; }
same() { [ "$2" = "$3" ] || fail "$1: export $2, hub $3"; echo "ok: $1 $2"; }

same "documents" "$(awk 'END { print NR - 1 }' "$T/out/docs.csv")" "$(q 'SELECT count(*) FROM doc')"
same "net revenue of the documents" "$(csum docs 7)" "$(q 'SELECT sum(total) FROM roll_day')"
same "net revenue of the lines" "$(csum lines 5)" "$(q 'SELECT sum(revenue) FROM roll_line_day')"
same "quantity of the lines" "$(csum lines 4)" "$(q 'SELECT sum(qty_milli) FROM roll_line_day')"
same "receipts (sales less voids)" \
  "$(awk -F, 'NR > 1 { n += ($3 == "\"sale\"") - ($3 == "\"void\"") } END { print n }' "$T/out/docs.csv")" \
  "$(q 'SELECT sum(receipts) FROM roll_day')"
same "tenders net of change" "$(($(csum tenders 4) - $(csum docs 8)))" \
  "$(q 'SELECT sum(amount) FROM roll_tender')"
same "voids and refunds" \
  "$(awk -F, 'NR > 1 && $3 != "\"sale\""' "$T/out/docs.csv" | wc -l)" \
  "$(q "SELECT count(*) FROM doc WHERE kind <> 'sale'")"
[ "$(q "SELECT count(*) FROM doc WHERE kind <> 'sale'")" -gt 0 ] || fail "the seed made no void or refund"
# every void and refund names a sale of the export; a sale names nothing
awk -F, 'NR > 1 { kind[$1] = $3; orig[$1] = $4 }
  END { for (d in kind) {
          if (kind[d] == "\"sale\"" && orig[d] != "") { print "sale " d " has an original"; bad = 1 }
          if (kind[d] != "\"sale\"" && kind[orig[d]] != "\"sale\"") { print d " has no sale as original"; bad = 1 }
        }
        exit bad }' "$T/out/docs.csv" || fail "originals"
echo "ok: originals"

# A missing hub is refused, and never created.
if "$BIN/bench-duckdb-export" "$T/none.sqlite" "$T/out2" 2> "$T/err"; then fail "no hub: exit 0"; fi
grep -q 'none.sqlite' "$T/err" || fail "no hub: the message does not name it: $(cat "$T/err")"
[ ! -e "$T/none.sqlite" ] || fail "no hub: the file was created"
echo "ok: a missing hub"

# A directory that cannot be written: exit 1, no part file left.
if [ "$(id -u)" != 0 ]; then
  mkdir "$T/ro"
  chmod a-w "$T/ro"
  if "$BIN/bench-duckdb-export" "$T/hub.sqlite" "$T/ro" 2> "$T/err"; then fail "read-only: exit 0"; fi
  [ -z "$(ls "$T/ro")" ] || fail "read-only: left $(ls "$T/ro")"
  echo "ok: a directory that cannot be written"
fi
# A path under a file cannot be a directory, even for root.
if "$BIN/bench-duckdb-export" "$T/hub.sqlite" "$T/log/sub" 2> "$T/err"; then fail "under a file: exit 0"; fi
grep -q 'log/sub' "$T/err" || fail "under a file: the message does not name it: $(cat "$T/err")"
echo "ok: a directory under a file"
echo "PASS"
