#!/bin/sh
# The module rules of docs/ARCHITECTURE.md, checked against the tree and the
# built programs.
#
# Method: the page's "Checking it" block is the test.  Each line there is
# `grep -rl PATTERN DIRS  # EXPECTED`, where EXPECTED is "nothing" or the
# files (shell globs) that may match, optionally followed by ": why".  Every
# line is run from the top of the tree and its output compared with what it
# expects, so the page cannot say one thing while the tree does another.
# Then the link lines: market-hub must not load libcurl, stall must not
# load libmicrohttpd or libpq.
#
#   test-architecture.sh SRCDIR BINDIR
set -eu
SRC=$1
BIN=$2
PAGE=$SRC/docs/ARCHITECTURE.md
cd "$SRC"
fail=0
checked=0
block=$(awk '/^## Checking it/ { on = 1 } on && /^```sh/ { inb = 1; next }
             inb && /^```/ { exit } inb { print }' "$PAGE")
[ -n "$block" ] || { echo "no check block in $PAGE"; exit 1; }

printf '%s\n' "$block" > "${TMPDIR:-/tmp}/arch-rules.$$"
trap 'rm -f "${TMPDIR:-/tmp}/arch-rules.$$"' EXIT
while IFS= read -r line; do
  [ -n "$line" ] || continue
  cmd=${line%%#*}
  want=${line#*# }
  want=${want%%:*}
  expected=""
  case "$want" in
    nothing*) ;;
    *) for g in $want; do
         # shellcheck disable=SC2086
         for f in $g; do [ -e "$f" ] && expected="$expected$f
"; done
       done ;;
  esac
  expected=$(printf '%s' "$expected" | sort -u)
  # grep exits 1 for "no match" (what most rules want) and 2 for a
  # trouble such as a folder that is no longer there, which must not pass
  # as "nothing": anything on standard error fails the rule.
  err=$(eval "$cmd" 2>&1 >/dev/null || true)
  got=$(eval "$cmd" 2>/dev/null | sort -u || true)
  checked=$((checked + 1))
  if [ -n "$err" ]; then
    echo "FAIL: $cmd"
    echo "  error: $err"
    fail=$((fail + 1))
    continue
  fi
  if [ "$got" != "$expected" ]; then
    echo "FAIL: $cmd"
    echo "  expected: $(echo $expected)"
    echo "  got:      $(echo $got)"
    fail=$((fail + 1))
  fi
done < "${TMPDIR:-/tmp}/arch-rules.$$"

links() { ldd "$BIN/$1" | awk '{ print $1 }'; }
if links market-hub | grep -q libcurl; then
  echo "FAIL: market-hub links libcurl"; fail=$((fail + 1))
fi
if links stall | grep -q libmicrohttpd; then
  echo "FAIL: stall links libmicrohttpd"; fail=$((fail + 1))
fi
if links stall | grep -q libpq; then
  echo "FAIL: stall links libpq"; fail=$((fail + 1))
fi
links market-hub | grep -q libpq || { echo "FAIL: market-hub without libpq"; fail=$((fail + 1)); }
links market-hub | grep -q libmicrohttpd || { echo "FAIL: market-hub without libmicrohttpd"; fail=$((fail + 1)); }
links stall | grep -q libcurl || { echo "FAIL: stall without libcurl"; fail=$((fail + 1)); }
checked=$((checked + 6))

echo "architecture: $((checked - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
