#!/bin/sh
# bench-first-request.sh: the first report a hub builds after it starts,
# against the same report built again with warm readers, with and without
# the start's warm-up (sync/hub/hub-warm.c), alternating.
#
#   sh bench/bench-first-request.sh BUILD HUB KIND FORMAT FROM TO [MARKET] [ROUNDS]
#
# Each round starts the hub twice on HUB (a SQLite file or a PostgreSQL
# string, as `market-hub --db` takes it), once as it starts by default and
# once with --no-warm-up, both with --report-cache 0 (the cache would answer
# a repeat in about a millisecond): waits for /healthz and for the warm-up
# to end, then asks for the report once (first) and four times more (warm),
# and prints the times (curl's time_total, ms), the warm median and first /
# median.  The hub runs as on the morning after TO (MPOS_NOW), when such a
# period would be asked for.  MARKET defaults to M01, ROUNDS to 2; a
# consultant and an admin are added to HUB for the run.
set -eu
usage='usage: bench-first-request.sh BUILD HUB KIND FORMAT FROM TO [MARKET] [ROUNDS]'
BUILD=${1:?$usage}
DB=${2:?$usage}
KIND=${3:?$usage}
FORMAT=${4:?$usage}
FROM=${5:?$usage}
TO=${6:?$usage}
MARKET=${7:-M01}
ROUNDS=${8:-2}
. "$(dirname "$0")/../scripts/hub-port.sh"
HUB="$BUILD/bin/market-hub"
LOG=$(mktemp)
PID=""
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true; rm -f "$LOG"' EXIT INT TERM
TOKEN=$("$HUB" --db "$DB" user add "bench-first-$$" --role consultant --market "$MARKET" | tail -n 1)
ADMIN=$("$HUB" --db "$DB" user add "bench-first-admin-$$" --role admin | tail -n 1)
NOW="$(date -d "$TO +1 day" +%Y-%m-%d)T09:00:00+09:00"

# One start: prints the label, the five times and the summary.
one() {
  # shellcheck disable=SC2086 # $2 is a list of arguments
  MPOS_NOW="$NOW" "$HUB" --db "$DB" serve --listen 127.0.0.1:0 --report-cache 0 $2 > "$LOG" 2>&1 &
  PID=$!
  PORT=$(hub_port "$LOG")
  [ -n "$PORT" ] || { echo "bench-first-request: the hub did not start:" >&2; cat "$LOG" >&2; exit 1; }
  hub_wait_warm "$PORT" "$ADMIN"
  times=""
  for _ in 1 2 3 4 5; do
    t=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" \
      "http://127.0.0.1:$PORT/v1/markets/$MARKET/reports/$KIND?from=$FROM&to=$TO&compare=previous&format=$FORMAT" |
      awk '$1 != 200 { print "HTTP " $1 > "/dev/stderr"; exit 1 } { printf "%.1f", $2 * 1000 }')
    times="$times $t"
  done
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
  echo "$times" | awk -v label="$1" '{
      n = split($0, t, " "); first = t[1]
      for (i = 2; i <= n; i++) w[i - 1] = t[i]
      # median of the four warm ones: sort, then the mean of the middle two
      for (i = 1; i < n - 1; i++) for (j = i + 1; j < n; j++) if (w[j] < w[i]) { x = w[i]; w[i] = w[j]; w[j] = x }
      med = (w[2] + w[3]) / 2
      printf "  %-12s first %6.1f  warm %6.1f (%s-%s)  first/warm x%.2f\n", label, first, med, w[1], w[4], first / med }'
}

echo "$KIND $FORMAT of $MARKET, $FROM..$TO against the period before, ms (load $(cut -d' ' -f1-3 /proc/loadavg))"
for _ in $(seq 1 "$ROUNDS"); do
  one "warm-up" ""
  one "no warm-up" "--no-warm-up"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
