#!/bin/sh
# tests/test-hub-failover.sh: the hub on PostgreSQL outlives its database
# (issue 11, "failover without loss").  Two parts, each on clusters of its
# own made with tests/pg-cluster.sh (the shared test cluster is never
# stopped):
#
# 1. Outage.  One cluster, one hub.  The cluster is halted: /healthz says
#    "degraded" (503), a batch is answered 503 db_unreachable with
#    Retry-After and the till keeps its events; the cluster is resumed and,
#    without touching the hub, /healthz says "ok" again and the till's
#    events go in.
# 2. Failover.  A primary and a synchronous streaming standby (so a batch
#    the hub acknowledged is on both), two `market-hub serve` on the
#    multi-host string "host=PRIMARY,STANDBY target_session_attrs=
#    read-write", four tills ringing sales and syncing in a loop,
#    alternating the two hubs.  The primary is killed (SIGKILL to every
#    process of it) in the middle of that, the standby promoted; the hubs
#    find it by themselves, the tills finish, and then each till's ledger
#    equals the hub per day and kind of document: counts and totals to the
#    won, nothing lost, nothing doubled.  The time from the kill to the
#    first batch accepted afterwards is printed (docs/BENCHMARKS.md).
#
# Usage: test-hub-failover.sh SRCDIR, with MPOS_HUB and MPOS_STALL naming
# the programs (tests/CMakeLists.txt).  As root the clusters run as the
# unprivileged mpos-test, as in the fixture.
set -eu

src=${1:?usage: test-hub-failover.sh SRCDIR}
hub=${MPOS_HUB:?}
stall=${MPOS_STALL:?}
bin=${MPOS_PG_BIN:-/usr/lib/postgresql/15/bin}
cluster="sh $src/tests/pg-cluster.sh"
tills=4
work=$(mktemp -d /tmp/mpos-failover.XXXXXX)
hub_pids=""
till_pids=""

cleanup() {
  for pid in $till_pids $hub_pids; do
    kill "$pid" 2>/dev/null || true
  done
  for c in single primary standby; do
    [ ! -e "$work/$c/data/postmaster.pid" ] || $cluster stop "$work/$c" >/dev/null 2>&1 || true
    [ ! -e "$work/$c" ] || $cluster stop "$work/$c" >/dev/null 2>&1 || true
  done
  [ -n "${MPOS_KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

now_ms() {
  echo $(($(date +%s%N) / 1000000))
}

sql() {   # sql CONNINFO QUERY: unaligned rows, '|' between columns
  "$bin/psql" -X -q -A -t -v ON_ERROR_STOP=1 "$1" -c "$2"
}

# Starts market-hub serve on a free port; sets $url to its base URL.
serve() {
  log="$work/hub.$$.$(now_ms).log"
  "$hub" --db "$1" serve --listen 127.0.0.1:0 --no-access-log >"$log" 2>&1 &
  hub_pids="$hub_pids $!"
  i=0
  while ! grep -qs "listening on" "$log"; do
    i=$((i + 1))
    [ $i -lt 100 ] || fail "the hub did not start: $(cat "$log")"
    sleep 0.1
  done
  url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log" | head -n 1)
}

health() {   # health URL: the body of /healthz
  curl -s --max-time 5 "$1/healthz" || true
}

# A till: a ledger with two products, enrolled at the hub at $2 for stall $3.
till_new() {
  ledger=$1
  "$stall" --db "$ledger" init --stall-name "가게 $3" >/dev/null
  "$stall" --db "$ledger" product add --plu 1 --name 사과 --line FRUIT --price 3000 \
    --unit piece --tax exempt >/dev/null
  "$stall" --db "$ledger" product add --plu 2 --name 손두부 --line BANCHAN --price 2500 \
    --unit piece --tax taxable >/dev/null
  code=$("$hub" --db "$db" enroll-code --stall "$3" | tail -n 1)
  "$stall" --db "$ledger" enroll --hub "$2" --code "$code" --allow-http >/dev/null
}

sell() {   # sell LEDGER N: one sale of N apples and a tofu, paid in cash
  "$stall" --db "$1" sell --item "1=$2" --item 2 --pay "cash=$((3000 * $2 + 2500))" >/dev/null
}

pending() {   # pending LEDGER: events not yet acknowledged
  sqlite3 "$1" "SELECT count(*) FROM outbox WHERE state <> 'sent'"
}

# Per day and kind: count and total, in the ledger and at the hub.
ledger_days() {
  sqlite3 -separator '|' "$1" "SELECT business_day, kind, count(*), sum(total) FROM doc
    GROUP BY 1, 2 ORDER BY 1, 2"
}
hub_days() {
  sql "$1" "SELECT d.business_day, d.kind, count(*), sum(d.total) FROM doc d
    JOIN stall s ON s.id = d.stall_id WHERE s.code = '$2' GROUP BY 1, 2 ORDER BY 1, 2"
}

# A hub database on cluster DIR: market M01, stalls S01..S0n.
hub_init() {
  sql "host=$(readlink -f "$1")/sock user=mpos dbname=postgres" "CREATE DATABASE hub" >/dev/null
  "$hub" --db "$db" init >/dev/null
  "$hub" --db "$db" market add M01 --name 가온시장 >/dev/null
  for n in $(seq 1 $tills); do
    "$hub" --db "$db" stall add "S0$n" --market M01 --name "가게 $n" >/dev/null
  done
}

# ---- 1. Outage: halt and resume one cluster ------------------------------------

$cluster start "$work/single" >/dev/null
db="host=$(readlink -f "$work/single")/sock user=mpos dbname=hub"
hub_init "$work/single"
serve "$db"
single_url=$url
till_new "$work/outage.sqlite" "$single_url" S01
sell "$work/outage.sqlite" 1
"$stall" --db "$work/outage.sqlite" sync >/dev/null || fail "first sync"
[ "$(health "$single_url")" = '{"status":"ok"}' ] || fail "healthz before the outage"

$cluster halt "$work/single"
body=$(health "$single_url")
[ "$body" = '{"status":"degraded"}' ] || fail "healthz during the outage: $body"
status=$(curl -s -o /dev/null -w '%{http_code}' "$single_url/healthz")
[ "$status" = 503 ] || fail "healthz status during the outage: $status"
sell "$work/outage.sqlite" 2
rc=0
"$stall" --db "$work/outage.sqlite" --json sync >"$work/outage.json" 2>&1 || rc=$?
[ $rc -eq 7 ] || fail "sync during the outage: exit $rc, $(cat "$work/outage.json")"
grep -q '"db_unreachable"' "$work/outage.json" || fail "no db_unreachable: $(cat "$work/outage.json")"
grep -q '"http_status":503' "$work/outage.json" || fail "not 503: $(cat "$work/outage.json")"
[ "$(pending "$work/outage.sqlite")" -eq 1 ] || fail "the till lost its event"
# the hub's raw answer: the protocol's error, with Retry-After
token=$(sqlite3 "$work/outage.sqlite" "SELECT value FROM secret WHERE key = 'device_token'")
curl -s -D "$work/headers" -o "$work/body" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' --data '{"events":[]}' "$single_url/v1/events" || true
grep -qi '^retry-after: [0-9]' "$work/headers" || fail "no Retry-After: $(cat "$work/headers")"
grep -q '"code":"db_unreachable"' "$work/body" || fail "body: $(cat "$work/body")"

$cluster resume "$work/single"
i=0
while [ "$(health "$single_url")" != '{"status":"ok"}' ]; do
  i=$((i + 1))
  [ $i -lt 100 ] || fail "healthz never came back to ok"
  sleep 0.1
done
"$stall" --db "$work/outage.sqlite" sync --loop 5 >/dev/null || fail "sync after the outage"
[ "$(pending "$work/outage.sqlite")" -eq 0 ] || fail "events left after the outage"
[ "$(ledger_days "$work/outage.sqlite")" = "$(hub_days "$db" S01)" ] ||
  fail "ledger and hub differ after the outage"
echo "outage: degraded while halted, ok again after resume, nothing lost"
$cluster stop "$work/single"

# ---- 2. Failover: kill the primary during ingest, promote the standby -----------

$cluster start "$work/primary" >/dev/null
primary_sock="$(readlink -f "$work/primary")/sock"
sql "host=$primary_sock user=mpos dbname=postgres" \
  "ALTER SYSTEM SET synchronous_standby_names = 'mpos_standby'" >/dev/null
sql "host=$primary_sock user=mpos dbname=postgres" "SELECT pg_reload_conf()" >/dev/null
$cluster standby "$work/primary" "$work/standby" mpos_standby
standby_sock="$(readlink -f "$work/standby")/sock"
i=0
until [ "$(sql "host=$primary_sock user=mpos dbname=postgres" \
  "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'mpos_standby'")" = sync ]; do
  i=$((i + 1))
  [ $i -lt 100 ] || fail "the standby never became synchronous"
  sleep 0.1
done

db="host=$primary_sock,$standby_sock user=mpos dbname=hub target_session_attrs=read-write"
db_primary="host=$primary_sock user=mpos dbname=postgres"
hub_init "$work/primary"
serve "$db"
url_a=$url
serve "$db"
url_b=$url

for n in $(seq 1 $tills); do
  till_new "$work/till$n.sqlite" "$url_a" "S0$n"
done

# Each till: ring a sale, sync to one hub, then to the other, until stopped;
# every successful sync leaves its start and end times in tillN.ok.
till_loop() {
  n=$1
  k=0
  while [ ! -e "$work/stop" ]; do
    k=$((k + 1))
    sell "$work/till$n.sqlite" $((k % 5 + 1))
    if [ $((k % 2)) -eq 0 ]; then u=$url_a; else u=$url_b; fi
    "$stall" --db "$work/till$n.sqlite" config hub_url "$u" >/dev/null
    started=$(now_ms)
    if "$stall" --db "$work/till$n.sqlite" sync >/dev/null 2>&1; then
      echo "$started $(now_ms)" >>"$work/till$n.ok"
    fi
  done
}
for n in $(seq 1 $tills); do
  till_loop "$n" &
  till_pids="$till_pids $!"
done

sleep 3
before=$(sql "$db_primary" "SELECT 1" >/dev/null && sql "host=$primary_sock user=mpos dbname=hub" \
  "SELECT count(*) FROM doc")
[ "$before" -gt 0 ] || fail "no sale reached the hub before the kill"
# the clock starts once every process of the primary is dead
$cluster kill "$work/primary"
killed=$(now_ms)
$cluster promote "$work/standby"
promoted=$(now_ms)

# the hubs must say degraded or ok, never die; wait for the tills to recover
i=0
while :; do
  # a sync begun before the kill may still end after it: not a recovery
  first=$(cat "$work"/till*.ok | awk -v t="$killed" '$1 > t { print $2 }' | sort -n | head -n 1)
  [ -z "$first" ] || break
  i=$((i + 1))
  [ $i -lt 600 ] || fail "no batch accepted within 60 s of the kill"
  sleep 0.1
done
sleep 2
touch "$work/stop"
for pid in $till_pids; do
  wait "$pid" || true
done
till_pids=""
# a hub idle since the kill learns of it from its first request: a few
# tries, well within the backoff's 2 s
for u in "$url_a" "$url_b"; do
  i=0
  while [ "$(health "$u")" != '{"status":"ok"}' ]; do
    i=$((i + 1))
    [ $i -lt 30 ] || fail "hub $u is not ok after the failover: $(health "$u")"
    sleep 0.1
  done
done

# the tills finish; then ledger = hub, per stall, day and kind
total=0
for n in $(seq 1 $tills); do
  ledger="$work/till$n.sqlite"
  "$stall" --db "$ledger" sync --loop 10 >/dev/null || fail "till $n could not finish"
  [ "$(pending "$ledger")" -eq 0 ] || fail "till $n has events left"
  mine=$(ledger_days "$ledger")
  theirs=$(hub_days "$db" "S0$n")
  [ "$mine" = "$theirs" ] || fail "till $n differs from the hub: ledger [$mine] hub [$theirs]"
  total=$((total + $(sqlite3 "$ledger" "SELECT count(*) FROM doc")))
done
on_hub=$(sql "$db" "SELECT count(*) FROM doc")
[ "$on_hub" -eq "$total" ] || fail "the hub has $on_hub documents, the tills $total"
events=$(sql "$db" "SELECT count(*) FROM event")
echo "failover: $tills tills, $total sales ($before before the kill), $events events, equal to the won"
echo "failover: kill -> promoted $((promoted - killed)) ms; kill -> first accepted batch $((first - killed)) ms"
