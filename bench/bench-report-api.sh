#!/bin/sh
# bench-report-api.sh: the market reports as the office app gets them, over
# HTTP from a hub started for the run, every request built: the hub runs
# with --report-cache 0, since its report cache (sync/hub/hub-report-cache.c)
# would answer any repeat in about a millisecond whatever the report.  Per
# report, format and period: the first request after the start (once the
# hub's warm-up, hub-warm.c, has ended: the script waits for
# mhub_warm_up_done on /metrics) and five more, the same request built
# again with warm readers (median, min, max), and first / median.  What a
# report costs in process is `bench-reports one` or `period`.
#
#   sh bench/bench-report-api.sh BUILD HUB [MARKET] [LAST-DAY]
#
# Environment: SERVE_ARGS, extra arguments of `serve` (e.g. "--no-warm-up"
# to see a cold start; "--report-cache 64" for the cache's repeats).
#
# HUB is a hub that already holds sales, as `market-hub --db` takes it: a
# SQLite file (e.g. the market-year left by `bench-reports market-year`) or
# a PostgreSQL database string (e.g. one filled by `market-hub seed`, the
# server started by tests/pg-cluster.sh with MPOS_PG_SHIPPED=1); the same
# data on both stores gives the two side by side.  A consultant of MARKET
# (default M01) and an admin (for /metrics) are added to it for the run.
# LAST-DAY (default 2026-11-25) ends the periods: the 30 days to it, the
# calendar month before its month, the 365 days to it and the twelve whole
# months before its month, each against the period before.  The hub runs
# as on the morning after LAST-DAY (MPOS_NOW), the day a consultant would
# ask for these periods: its warm-up builds the periods to its today.
# Times are curl's time_total: request to last byte.
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
ADMIN=$("$HUB" --db "$DB" user add "bench-api-admin-$$" --role admin | tail -n 1)
# shellcheck disable=SC2086 # SERVE_ARGS is a list of arguments
MPOS_NOW="$(date -d "$LAST +1 day" +%Y-%m-%d)T09:00:00+09:00" \
  "$HUB" --db "$DB" serve --listen 127.0.0.1:0 --report-cache 0 ${SERVE_ARGS:-} > "$LOG" 2>&1 &
PID=$!
PORT=$(hub_port "$LOG")
[ -n "$PORT" ] || { echo "bench-report-api: the hub did not start:" >&2; cat "$LOG" >&2; exit 1; }

started=$(date +%s.%N)
hub_wait_warm "$PORT" "$ADMIN"
awk -v a="$started" -v b="$(date +%s.%N)" -v s="${_hub_warm:-none}" \
  'BEGIN { printf "warm-up ended: %s, waited for it %.1f s\n", s, b - a }'

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

echo "reports of $MARKET from $DB over HTTP, built (ms: first request, then the same built"
echo "again: median (min-max) of 5, and first / median)"
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
      END { printf "  %s %-6s %-4s first %6.1f  warm %6.1f (%.1f-%.1f)  x%.2f\n", p, k, f,
                   first * 1000, t[3], t[1], t[5], first * 1000 / t[3] }'
  done
done
