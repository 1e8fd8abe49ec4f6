#!/bin/sh
# Runs one command under a fresh Xvfb of its own, headless.
#
#   scripts/xvfb-exec.sh [-s "SERVER ARGS"] COMMAND [ARG...]
#
# Why not `xvfb-run -a`: it picks a display number by looking for lock
# files, then starts the server on it; two of them starting at once (the
# three demo checks, the UI tests and the screenshot tests under
# `ctest -j`) can pick the same number, and one fails with "server
# already active" -- a screenshot silently missing.  Here Xvfb chooses the
# number itself (-displayfd), taking the lock atomically, and writes it
# once it accepts connections; so any number of these can start together.
# The server listens on its unix socket only and is stopped when COMMAND
# ends; the exit status is COMMAND's (or 125 when no server started).
set -u
server_args="-screen 0 1280x800x24"
if [ "${1:-}" = -s ]; then
  [ $# -ge 2 ] || { echo "xvfb-exec: -s needs the server's arguments" >&2; exit 125; }
  server_args=$2
  shift 2
fi
[ $# -ge 1 ] || { echo "usage: xvfb-exec.sh [-s \"SERVER ARGS\"] COMMAND [ARG...]" >&2; exit 125; }
command -v Xvfb > /dev/null || { echo "xvfb-exec: Xvfb is not installed (package xvfb)" >&2; exit 125; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/xvfb-exec.XXXXXX") || exit 125
# shellcheck disable=SC2086 # the server's arguments are words on purpose
Xvfb -displayfd 3 -nolisten tcp $server_args 3> "$dir/display" 2> "$dir/log" &
server=$!
stop_server() {
  kill "$server" 2> /dev/null
  wait "$server" 2> /dev/null
  rm -rf "$dir"
}
trap 'stop_server; exit 129' HUP
trap 'stop_server; exit 130' INT
trap 'stop_server; exit 143' TERM

# up to 20 s for the number: a loaded 2-core machine can take a few
tries=0
while ! grep -q '^[0-9][0-9]*$' "$dir/display" 2> /dev/null; do
  if ! kill -0 "$server" 2> /dev/null || [ "$tries" -ge 400 ]; then
    echo "xvfb-exec: Xvfb did not start:" >&2
    cat "$dir/log" >&2
    stop_server
    exit 125
  fi
  tries=$((tries + 1))
  sleep 0.05
done

DISPLAY=":$(cat "$dir/display")"
export DISPLAY
unset WAYLAND_DISPLAY
"$@"
status=$?
stop_server
exit "$status"
