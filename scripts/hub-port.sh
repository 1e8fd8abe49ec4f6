# hub-port.sh: sourced (POSIX sh) by the scripts that start a hub with
# `serve --listen 127.0.0.1:0`: the hub picks a free port and logs it, so
# every such script waits for that line the same way.
#
# hub_port LOG: prints the port the hub announced in LOG, waiting up to ten
# seconds; prints nothing if it never did (the hub did not start).
hub_port() {
  _hub_port=""
  for _ in $(seq 1 100); do
    _hub_port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$1")
    [ -n "$_hub_port" ] && break
    sleep 0.1
  done
  printf '%s\n' "$_hub_port"
}

# hub_wait_warm PORT ADMIN-TOKEN: waits (up to a minute) until the hub's
# warm-up (serve, sync/hub/hub-warm.c) has ended, so that what a benchmark
# measures next is not sharing the machine with it; returns at once when
# the hub does none (--no-warm-up: no mhub_warm_up_done in /metrics).
hub_wait_warm() {
  for _ in $(seq 1 600); do
    _hub_warm=$(curl -sS -H "Authorization: Bearer $2" "http://127.0.0.1:$1/metrics" |
      awk '$1 == "mhub_warm_up_done" { print $2 }')
    [ "$_hub_warm" = 0 ] || return 0
    sleep 0.1
  done
}
