#!/bin/sh
# test-packages: the Debian packages, built as `make deb` builds them, hold
# what they promise.
#
# scripts/make-deb.sh builds them from a copy of the source tree (lintian
# runs there and fails the build on an error).  Then, with no root needed,
# they are unpacked into a scratch root with dpkg-deb -x, and there: the
# four packages and their dependencies are as debian/control says; each
# program answers --version; the Korean catalogs are found beside the
# unpacked programs; every program has a manual page that renders without
# a warning; the desktop files and AppStream metadata validate; the units
# pass `systemd-analyze verify`; the hub package ships its settings as a
# conffile, creates its user in postinst and enables its service and timer;
# and the packaged market-hub restores a backup it made.  Installing them
# with apt on a fresh system is scripts/bare-check.sh's part.
#
#   test-packages.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
dist=$build/dist
root=$(mktemp -d "${TMPDIR:-/tmp}/mpos-debroot.XXXXXX")
trap 'rm -rf "$root"' EXIT INT TERM
fail=0
bad() { echo "test-packages: $*" >&2; fail=1; }

sh "$src/scripts/make-deb.sh" "$dist"

version=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$src/debian/changelog")
for pkg in market-pos-common market-pos-stall market-hub market-office; do
  deb=$(ls "$dist/${pkg}_${version}_"*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || { bad "no package $pkg in $dist"; continue; }
  dpkg-deb -x "$deb" "$root"
  mkdir -p "$root/DEBIAN-$pkg"
  dpkg-deb -e "$deb" "$root/DEBIAN-$pkg"
  echo "test-packages: $pkg: $(dpkg-deb -f "$deb" Depends)"
done
[ "$(ls "$dist"/*.deb | wc -l)" = 4 ] || bad "dist/ holds other packages: $(ls "$dist")"
dpkg-deb -f "$dist"/market-pos-stall_*.deb Depends | grep -q 'librsvg2-common' \
  || bad "market-pos-stall does not depend on librsvg2-common (GTK's SVG icon loader)"

# Each program, run from the scratch root.
for p in stall stall-pos market-hub market-report market-office; do
  out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$root/usr/bin/$p" --version) || bad "$p --version failed"
  case "$out" in
    "$p $version ("*) echo "test-packages: $out" ;;
    *) bad "$p --version: '$out'" ;;
  esac
  [ -f "$root/usr/share/man/man1/$p.1.gz" ] || bad "no manual page for $p"
done
out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=ko_KR.UTF-8 "$root/usr/bin/market-hub" --help)
case "$out" in
  *"Market POS 허브입니다"*) echo "test-packages: Korean market-hub: ok" ;;
  *) bad "market-hub --help is not Korean under LANG=ko_KR.UTF-8: $out" ;;
esac

for page in "$root"/usr/share/man/man*/*.gz; do
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
  [ -z "$warnings" ] || bad "man $page: $warnings"
done
for f in "$root"/usr/share/applications/*.desktop; do
  desktop-file-validate "$f" || bad "desktop-file-validate $f"
done
for f in "$root"/usr/share/metainfo/*.xml; do
  appstreamcli validate --no-net "$f" >/dev/null || bad "appstreamcli validate $f"
done

units=$(mktemp -d "${TMPDIR:-/tmp}/mpos-units.XXXXXX")
for u in "$root"/lib/systemd/system/*; do
  sed "s|/usr/bin/|$root/usr/bin/|g" "$u" > "$units/$(basename "$u")"
done
if ! out=$(systemd-analyze verify --man=no "$units"/* 2>&1) || [ -n "$out" ]; then
  bad "systemd-analyze verify: $out"
fi
rm -rf "$units"
grep -qx /etc/market-hub/market-hub.conf "$root/DEBIAN-market-hub/conffiles" \
  || bad "market-hub.conf is not a conffile"
grep -q 'systemd-sysusers' "$root/DEBIAN-market-hub/postinst" \
  || bad "market-hub's postinst does not create the system user"
for unit in market-hub.service market-hub-backup.timer; do
  grep -q "$unit" "$root/DEBIAN-market-hub/postinst" || bad "postinst does not enable $unit"
done

# The packaged hub backs up, and restores what it backed up.
hub="$root/usr/bin/market-hub"
db="$root/hub.sqlite"
"$hub" --db "$db" init >/dev/null
"$hub" --db "$db" market add M01 --name "바다마루시장" >/dev/null
backup=$("$hub" --db "$db" backup --to "$root/backups" --keep 3 | tail -1)
"$hub" --db "$db" market add M02 --name "하늘시장" >/dev/null
"$hub" --db "$db" restore --from "$backup" >/dev/null || bad "restore --from $backup failed"
markets=$("$hub" --db "$db" market list | cut -f1 | tr '\n' ' ')
[ "$markets" = "M01 " ] || bad "after the restore the markets are '$markets', not 'M01 '"

[ "$fail" = 0 ] && echo "test-packages: the four packages hold what they promise"
exit $fail
