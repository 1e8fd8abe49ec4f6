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
