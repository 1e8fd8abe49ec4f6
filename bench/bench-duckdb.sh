#!/bin/sh
# bench-duckdb.sh: DuckDB as a peer of the hub's reports (bench/duckdb/).
# Exports the raw documents of a SQLite hub, has DuckDB compute every
# figure of the lines, stores and stalls JSON reports from them, checks
# each against the hub's report, and prints DuckDB's query time beside the
# hub's (over HTTP and in process) with the ratio, for four periods.
#
#   sh bench/bench-duckdb.sh BUILD HUB.sqlite [MARKET] [LAST-DAY]
#
# HUB is a SQLite hub holding sales (e.g. the market-year left by
# `bench-reports market-year`); a consultant of MARKET (default M01) is
# added to it for the run.  LAST-DAY (default 2026-11-25) ends the
# periods: the 30 days to it, the calendar month before its month, the
# three whole months before its month, the 365 days to it; each against
# the period of as many days before it.
#
# The DuckDB library comes from npm: `npm ci` installs the pinned
# @duckdb/node-api of bench/duckdb/package-lock.json into
# bench/duckdb/node_modules (the network on the first run, npm's cache
# after).  Nothing of this is built or run by `make check`.
# Exit 1 when a figure differs or anything fails.
set -eu
usage='usage: bench-duckdb.sh BUILD HUB.sqlite [MARKET] [LAST-DAY]'
BUILD=${1:?$usage}
DB=${2:?$usage}
MARKET=${3:-M01}
LAST=${4:-2026-11-25}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../scripts/hub-port.sh"
HUB="$BUILD/bin/market-hub"
[ -f "$DB" ] || { echo "bench-duckdb: no hub at $DB" >&2; exit 1; }
command -v node > /dev/null && command -v npm > /dev/null ||
  { echo "bench-duckdb: needs node and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }

WORK=$(mktemp -d)
PID=""
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT INT TERM

(cd "$HERE/duckdb" && npm ci --no-audit --no-fund --prefer-offline > "$WORK/npm.log" 2>&1) ||
  { echo "bench-duckdb: npm ci failed:" >&2; cat "$WORK/npm.log" >&2; exit 1; }
"$BUILD/bin/bench-duckdb-export" "$DB" "$WORK/raw"

TOKEN=$("$HUB" --db "$DB" user add "bench-duckdb-$$" --role consultant --market "$MARKET" | tail -n 1)
ADMIN=$("$HUB" --db "$DB" user add "bench-duckdb-admin-$$" --role admin | tail -n 1)
# as on the morning after LAST-DAY, as bench-report-api.sh does
MPOS_NOW="$(date -d "$LAST +1 day" +%Y-%m-%d)T09:00:00+09:00" \
  "$HUB" --db "$DB" serve --listen 127.0.0.1:0 > "$WORK/hub.log" 2>&1 &
PID=$!
PORT=$(hub_port "$WORK/hub.log")
[ -n "$PORT" ] || { echo "bench-duckdb: the hub did not start:" >&2; cat "$WORK/hub.log" >&2; exit 1; }
hub_wait_warm "$PORT" "$ADMIN"   # the first requests after its warm-up

# The periods (GNU date).
month_start=$(date -d "$LAST" +%Y-%m-01)
prev_month_start=$(date -d "$month_start -1 month" +%Y-%m-%d)
prev_month_end=$(date -d "$month_start -1 day" +%Y-%m-%d)
quarter_start=$(date -d "$month_start -3 months" +%Y-%m-%d)

node "$HERE/duckdb/peer.mjs" --data "$WORK/raw" --hub "http://127.0.0.1:$PORT" \
  --token "$TOKEN" --market "$MARKET" --bench-reports "$BUILD/bin/bench-reports" --hub-db "$DB" \
  --period "30days:$(date -d "$LAST -29 days" +%Y-%m-%d):$LAST" \
  --period "month:$prev_month_start:$prev_month_end" \
  --period "quarter:$quarter_start:$prev_month_end" \
  --period "year:$(date -d "$LAST -364 days" +%Y-%m-%d):$LAST"
