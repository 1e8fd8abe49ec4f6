#!/bin/sh
# test-install: `cmake --install BUILD --prefix DIR` gives a complete,
# relocatable install.
#
# What an install must hold is checked where it lands, in a scratch prefix
# that is not the configured one (so nothing compiled in can help): every
# program answers --version with the project's version; the Korean messages
# come up under a Korean locale, found beside the programs (LANG names
# ko_KR.UTF-8, which a bare machine has not generated: the programs must
# cope), and English ones otherwise; the desktop files and the AppStream
# metadata pass Debian 12's validators; the icons are there at every size;
# every manual page renders without a warning; the systemd units pass
# `systemd-analyze verify` (pointed at the scratch programs) and the hub's
# sandbox scores "OK" in `systemd-analyze security`.
#
#   test-install.sh SOURCE_DIR BUILD_DIR CONFIGURED_BINDIR
set -eu
src=$1
build=$2
bindir=$3
prefix=$(mktemp -d "${TMPDIR:-/tmp}/mpos-install.XXXXXX")
trap 'rm -rf "$prefix"' EXIT INT TERM
fail=0
bad() { echo "test-install: $*" >&2; fail=1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
version=$(sed -n 's/^project(market_pos VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
programs="stall stall-pos market-hub market-report market-office"

# Versions, from the one place.
for p in $programs; do
  out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$prefix/bin/$p" --version) || bad "$p --version failed"
  case "$out" in
    "$p $version ("*"protocol 1)") echo "test-install: $out" ;;
    *) bad "$p --version says '$out', not '$p $version (... protocol 1)'" ;;
  esac
done

# Languages, from the scratch prefix's share/locale.
ko() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=ko_KR.UTF-8 "$@"; }
en() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=en_US.UTF-8 "$@"; }
expect() {  # expect WHAT TEXT COMMAND...: COMMAND's output holds TEXT
  what=$1 text=$2
  shift 2
  out=$("$@" 2>&1) || true
  case "$out" in
    *"$text"*) echo "test-install: $what: ok" ;;
    *) bad "$what: no '$text' in: $(printf '%s' "$out" | head -3)" ;;
  esac
}
expect "market-hub Korean" "Market POS 허브입니다" ko "$prefix/bin/market-hub" --help
expect "market-hub English" "The Market POS hub" en "$prefix/bin/market-hub" --help
expect "stall Korean" "stall: usage: 알 수 없는 명령" ko "$prefix/bin/stall" --db "$prefix/x.sqlite" nosuch
expect "market-report Korean" "상품군 경쟁력" ko "$prefix/bin/market-report" --help
expect "stall-pos Korean" "장부 파일" ko env -u DISPLAY "$prefix/bin/stall-pos" --help
expect "market-office Korean" "허브 주소" ko env -u DISPLAY "$prefix/bin/market-office" --help
expect "stall-pos English" "ledger file" en env -u DISPLAY "$prefix/bin/stall-pos" --help

# Desktop files, AppStream, icons.
for f in "$prefix"/share/applications/*.desktop; do
  desktop-file-validate "$f" || bad "desktop-file-validate $f"
done
for f in "$prefix"/share/metainfo/*.metainfo.xml; do
  appstreamcli validate --no-net "$f" >/dev/null || bad "appstreamcli validate $f"
done
for app in org.marketpos.StallPos org.marketpos.Office; do
  for size in 48x48 64x64 128x128 256x256; do
    [ -s "$prefix/share/icons/hicolor/$size/apps/$app.png" ] || bad "no $size icon of $app"
  done
  [ -s "$prefix/share/icons/hicolor/scalable/apps/$app.svg" ] || bad "no scalable icon of $app"
done

# Manual pages: one a program, each rendering without a warning.
for p in $programs; do
  [ -f "$prefix/share/man/man1/$p.1" ] || bad "no manual page for $p"
done
for page in "$prefix"/share/man/man*/*; do
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
  [ -z "$warnings" ] || bad "man $page: $warnings"
done

# The units, naming the scratch programs instead of the configured ones.
units=$(mktemp -d "${TMPDIR:-/tmp}/mpos-units.XXXXXX")
for u in "$prefix"/lib/systemd/system/*; do
  sed "s|$bindir/|$prefix/bin/|g" "$u" > "$units/$(basename "$u")"
done
if ! out=$(systemd-analyze verify --man=no "$units"/* 2>&1) || [ -n "$out" ]; then
  bad "systemd-analyze verify: $out"
fi
# The hub is a network service: systemd's own reading of its sandbox
# (offline, from the file) must stay at "OK", at most 2.0 of 10.
exposure=$(systemd-analyze security --offline=yes "$units/market-hub.service" 2>&1 |
           sed -n 's/.*Overall exposure level for market-hub.service: \([0-9.]*\).*/\1/p')
if [ -z "$exposure" ] || [ "$(echo "$exposure" | awk '{ print ($1 <= 2.0) }')" != 1 ]; then
  bad "market-hub.service exposure '$exposure' (systemd-analyze security), wanted at most 2.0"
else
  echo "test-install: market-hub.service exposure $exposure (systemd-analyze security --offline)"
fi
rm -rf "$units"

[ -f "$prefix/etc/market-hub/market-hub.conf" ] || bad "no etc/market-hub/market-hub.conf"
[ "$fail" = 0 ] && echo "test-install: everything in place under a scratch prefix"
exit $fail
