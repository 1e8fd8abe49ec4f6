#!/bin/sh
# bench-report-api.sh: the market reports as the office app gets them, over
# HTTP from a running hub started for the run: the first request of each
# report (built: its pages partly cold, the hub's readers start empty,
# earlier reports warm what they share) and five more (median, min, max),
# which the hub's report cache answers (sync/hub/hub-report-cache.c: the
# data does not change during the run), per report, format and period.
# What a report costs to build warm is `bench-reports period` (in process).
#
#   sh bench/bench-report-api.sh BUILD HUB [MARKET] [LAST-DAY]
#
# HUB is a hub that already holds sales, as `market-hub --db` takes it: a
# SQLite file (e.g. the market-year left by `bench-reports market-year`) or
# a PostgreSQL database string (e.g. one filled by `market-hub seed`, the
# server started by tests/pg-cluster.sh with MPOS_PG_SHIPPED=1); the same
# data on both stores gives the two side by side.  A consultant of MARKET
# (default M01) is
# added to it for the run.  LAST-DAY (default 2026-11-25) ends the periods:
# the 30 days to it, the calendar month before its month, the 365 days to it
# and the twelve whole months before its month, each against the period
# before.  Times are curl's time_total: request to last byte.
set -eu
BUILD=${1:?usage: bench-report-api.sh BUILD HUB [MARKET] [LAST-DAY]}
DB=${2:?usage: bench-report-api.sh BUILD HUB [MARKET] [LAST-DAY]}
MARKET=${3:-M01}
LAST=${4:-2026-11-25}
. "$(dirname "$0")/../scripts/hub-port.sh"
HUB="$BUILD/bin/market-hub"
LOG=$(mktemp)
trap 'kill "$PID" 2>/dev/null || true; rm -f "$LOG"' EXIT INT TERM

TOKEN=$("$HUB" --db "$DB" user add "bench-api-$$" --role consultant --market "$MARKET" | tail -n 1)
"$HUB" --db "$DB" serve --listen 127.0.0.1:0 > "$LOG" 2>&1 &
PID=$!
PORT=$(hub_port "$LOG")
[ -n "$PORT" ] || { echo "bench-report-api: the hub did not start:" >&2; cat "$LOG" >&2; exit 1; }

# The periods, as from/to pairs (GNU date).
month_start=$(date -d "$LAST" +%Y-%m-01)
prev_month_start=$(date -d "$month_start -1 month" +%Y-%m-%d)
prev_month_end=$(date -d "$month_start -1 day" +%Y-%m-%d)
year_start=$(date -d "$month_start -12 months" +%Y-%m-%d)
PERIODS="$(date -d "$LAST -29 days" +%Y-%m-%d),$LAST
$prev_month_start,$prev_month_end
$(date -d "$LAST -364 days" +%Y-%m-%d),$LAST
$year_start,$prev_month_end"

# One request: prints seconds, fails on anything but 200.
fetch() {
  curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $TOKEN" \
    "http://127.0.0.1:$PORT/v1/markets/$MARKET/reports/$1?from=$2&to=$3&compare=previous&format=$4" |
    awk '$1 != 200 { print "HTTP " $1 > "/dev/stderr"; exit 1 } { print $2 }'
}

echo "reports of $MARKET from $DB over HTTP (ms: first request, then median (min-max) of 5)"
for period in $PERIODS; do
  from=${period%,*}
  to=${period#*,}
  for spec in lines:json stores:json stalls:json lines:csv stores:csv stalls:csv \
              lines:pdf stores:pdf stalls:pdf all:pdf; do
    kind=${spec%:*}
    format=${spec#*:}
    first=$(fetch "$kind" "$from" "$to" "$format")
    runs=$(for _ in 1 2 3 4 5; do fetch "$kind" "$from" "$to" "$format"; done | sort -n)
    echo "$runs" | awk -v p="$from..$to" -v k="$kind" -v f="$format" -v first="$first" '
      { t[NR] = $1 * 1000 }
      END { printf "  %s %-6s %-4s first %6.1f  median %6.1f (%.1f-%.1f)\n", p, k, f, first * 1000, t[3], t[1], t[5] }'
  done
done
