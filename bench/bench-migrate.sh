#!/bin/sh
# bench-migrate.sh: `market-hub migrate` of the demo hub (the world `make
# demo` seeds: five markets of 16 stalls, 60 days, --receipts 12, about
# 115 MB) from SQLite into PostgreSQL, and back into a new SQLite file,
# RUNS times each (median, min, max), every run into a fresh target.
#
#   sh bench/with-pg.sh sh bench/bench-migrate.sh BUILD [RUNS]
#
# The server is bench/with-pg.sh's: PostgreSQL as Debian ships it (fsync
# on, synchronous_commit on), on the same machine.  The copy is one
# transaction on the target, so its commit is one flush; the time is the
# whole command (open, copy, commit, and the comparison of both hubs read
# back), from the wall clock.
set -eu
BUILD=${1:?usage: bench-migrate.sh BUILD [RUNS]}
RUNS=${2:-3}
: "${MPOS_BENCH_PG:?run under bench/with-pg.sh}"
HUB="$BUILD/bin/market-hub"
DIR=$(mktemp -d /tmp/mpos-bench-migrate.XXXXXX)
trap 'rm -rf "$DIR"' EXIT INT TERM

"$HUB" --db "$DIR/demo.sqlite" init > /dev/null
"$HUB" --db "$DIR/demo.sqlite" seed --markets 5 --stalls 16 --days 60 --receipts 12 \
  --until 2026-11-30 > /dev/null
events=$(sqlite3 "$DIR/demo.sqlite" 'SELECT count(*) FROM event')
bytes=$(stat -c %s "$DIR/demo.sqlite")
echo "demo hub: $events events, $((bytes / 1048576)) MiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# One migration, its wall-clock seconds on stdout; any failure ends the bench.
run() {
  start=$(date +%s.%N)
  "$HUB" migrate --from "$1" --to "$2" > "$DIR/summary.json" 2> /dev/null
  end=$(date +%s.%N)
  grep -q '"verified":true' "$DIR/summary.json"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

# median (min-max) of the numbers on stdin
stats() {
  sort -n | awk '{ v[NR] = $1 } END {
    printf "%.2f s (%.2f-%.2f), %d runs\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR], NR }'
}

: > "$DIR/to-pg" ; : > "$DIR/to-sqlite"
i=0
while [ "$i" -lt "$RUNS" ]; do
  db="mpos_migrate_$$_$i"
  psql -q "$MPOS_BENCH_PG" -c "CREATE DATABASE $db"
  run "$DIR/demo.sqlite" "$MPOS_BENCH_PG dbname=$db" >> "$DIR/to-pg"
  run "$MPOS_BENCH_PG dbname=$db" "$DIR/back-$i.sqlite" >> "$DIR/to-sqlite"
  rm -f "$DIR/back-$i.sqlite"
  psql -q "$MPOS_BENCH_PG" -c "DROP DATABASE $db"
  i=$((i + 1))
done
printf 'SQLite -> PostgreSQL: '; stats < "$DIR/to-pg"
printf 'PostgreSQL -> SQLite: '; stats < "$DIR/to-sqlite"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
