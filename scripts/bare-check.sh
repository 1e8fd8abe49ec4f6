#!/bin/sh
# Proves the README's two commands on a bare Debian 12.
#
# Method: debootstrap a minimal bookworm root (--variant=minbase, from
# Debian's own mirror), give it /proc, /sys and /dev, add only what the
# README says a bare machine needs before the two commands (git, make,
# ca-certificates; we are root, so no sudo), clone the committed tree into
# it and run there, as a new user would:
#     make check          (MPOS_BARE_CHECK decides which builds, see below)
#     make demo
# then install the Debian packages that `make check` built (build/dist)
# with apt on a second fresh minimal root and start each program there
# once (--version), which proves the packages' dependencies complete.
# Everything the project needs beyond that must come from
# scripts/install-deps.sh, so a package it forgets fails here, not on a
# user's machine.  Whatever happens, the processes left in the root are
# killed, everything mounted is unmounted and the root is removed.
#
# Only committed work is tested: the tree is cloned from HEAD of this
# repository, as CI clones main.
#
# Downloaded .deb files are kept in $MPOS_BARE_CACHE (default
# /var/cache/market-pos-bare) and shared by debootstrap and apt-get inside,
# so a second run on the same machine downloads little; the root itself is
# made anew on every run.
#
# Environment:
#   MPOS_BARE_MIRROR  Debian mirror (default http://deb.debian.org/debian)
#   MPOS_BARE_CACHE   download cache (default /var/cache/market-pos-bare)
#   MPOS_BARE_CHECK   make variables for `make check` inside; default
#                     "CHECK_BUILDS=build": the plain -Werror build and every
#                     test.  The sanitizer build needs no package of its own
#                     (gcc's runtimes come with build-essential) and CI runs it
#                     on the host, so the bare root skips it to keep CI short.
#                     Set it to "" for the full `make check` inside.
#   MPOS_BARE_KEEP=1  leave the root in place at the end, unmounted, to look
#                     at what ran there (the demo's screenshots, the logs).
#
# Needs root and debootstrap (installed here when missing).  Exit status:
# 0 when both commands passed, 1 when one failed, 2 when the bare root could
# not be made (not root, no mirror).
set -eu

MIRROR=${MPOS_BARE_MIRROR:-http://deb.debian.org/debian}
CACHE=${MPOS_BARE_CACHE:-/var/cache/market-pos-bare}
CHECK_VARS=${MPOS_BARE_CHECK-CHECK_BUILDS=build}
SRC=$(cd "$(dirname "$0")/.." && pwd)

say() { printf 'bare-check: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  say "needs root (debootstrap, chroot and mounts)" >&2
  exit 2
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    debootstrap >/dev/null || { apt-get update -q >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    debootstrap >/dev/null; } || { say "cannot install debootstrap" >&2; exit 2; }
fi

mkdir -p "$CACHE"
ROOT=$(mktemp -d /var/tmp/market-pos-bare.XXXXXX)
# mktemp makes the folder 0700; as the new system's "/" it must be open to
# every user, as / is: the tests run PostgreSQL as an unprivileged user,
# who could otherwise execute nothing inside.
chmod 755 "$ROOT"
status=1

# Lists the mount points at or below $ROOT, deepest first.
mounts_below_root() {
  awk -v r="$ROOT" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts |
    sort -r
}

# Kills every process whose root directory is inside the bare root: a test
# or the demo may leave Xvfb or a hub behind, and a busy mount cannot go.
kill_root_processes() {
  for sig in TERM KILL; do
    found=""
    for p in /proc/[0-9]*; do
      r=$(readlink "$p/root" 2>/dev/null) || continue
      case "$r" in
        "$ROOT"|"$ROOT"/*) kill -s "$sig" "${p#/proc/}" 2>/dev/null && found=1 ;;
      esac
    done
    [ -n "$found" ] || return 0
    sleep 2
  done
}

cleanup() {
  trap - EXIT INT TERM HUP
  kill_root_processes || true
  for m in $(mounts_below_root); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  if [ -n "$(mounts_below_root)" ]; then
    # Never remove a tree with a host file system still mounted in it.
    say "still mounted, $ROOT left in place:" >&2
    mounts_below_root >&2
  elif [ "${MPOS_BARE_KEEP:-0}" = 1 ]; then
    say "root kept at $ROOT (unmounted)"
  else
    rm -rf --one-file-system "$ROOT"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'status=130; exit' INT
trap 'status=143; exit' TERM HUP

say "making a minimal bookworm root in $ROOT from $MIRROR"
t0=$(date +%s)
if ! debootstrap --variant=minbase --cache-dir="$CACHE" bookworm "$ROOT" "$MIRROR" \
     >"$ROOT.debootstrap.log" 2>&1; then
  tail -20 "$ROOT.debootstrap.log" >&2
  rm -f "$ROOT.debootstrap.log"
  say "debootstrap failed" >&2
  status=2
  exit
fi
rm -f "$ROOT.debootstrap.log"

# The root gets the stable updates and security suites, as an installed
# Debian 12 has, and the host's name resolution.
security=$(printf '%s' "$MIRROR" | sed 's,/debian/*$,/debian-security,')
cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $security bookworm-security main
EOF
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# The download cache is the host's folder, which apt's unprivileged
# download user may not write; downloading as root in this throwaway root
# only silences that warning.
echo 'APT::Sandbox::User "root";' >"$ROOT/etc/apt/apt.conf.d/90bare-check"

mount -t proc proc "$ROOT/proc"
mount -t sysfs sysfs "$ROOT/sys"
mount --rbind /dev "$ROOT/dev"
mount --make-rslave "$ROOT/dev"
mount --bind "$CACHE" "$ROOT/var/cache/apt/archives"

# Runs a command inside the root with a new user's bare environment.  It
# runs in the background and is waited for, so that a signal reaches our
# trap at once instead of after a 10-minute `make check`.
in_root() {
  chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb CI="${CI:-}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@" &
  wait $!
}

say "adding what the README asks for first: git, make, ca-certificates"
in_root sh -c 'apt-get update -q >/dev/null &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    git make ca-certificates >/dev/null' || { say "apt-get in the root failed" >&2; status=2; exit; }

mkdir -p "$ROOT/src"
git clone -q "$SRC" "$ROOT/src/market-pos"
say "root ready in $(( $(date +%s) - t0 )) s; running make check $CHECK_VARS"

t1=$(date +%s)
# shellcheck disable=SC2086
if ! in_root sh -c "cd /src/market-pos && make check $CHECK_VARS"; then
  say "FAILED: make check on a bare Debian 12" >&2
  exit
fi
say "make check passed in $(( $(date +%s) - t1 )) s; running make demo"
t1=$(date +%s)
if ! in_root sh -c 'cd /src/market-pos && make demo'; then
  say "FAILED: make demo on a bare Debian 12" >&2
  exit
fi
say "make demo passed in $(( $(date +%s) - t1 )) s"

# The Debian packages: `make check` built them into build/dist
# (test-packages; `make deb` when that test did not run).  A second fresh
# minimal root installs them with apt and nothing else, so their declared
# dependencies are proven complete, and each program starts there once.
t1=$(date +%s)
if [ ! -d "$ROOT/src/market-pos/build/dist" ] &&
   ! in_root sh -c 'cd /src/market-pos && make deb >/dev/null'; then
  say "FAILED: make deb on a bare Debian 12" >&2
  exit
fi
PKGROOT=$ROOT/pkg-root
if ! debootstrap --variant=minbase --cache-dir="$CACHE" bookworm "$PKGROOT" "$MIRROR" \
     >"$ROOT/pkg-root.log" 2>&1; then
  tail -20 "$ROOT/pkg-root.log" >&2
  say "debootstrap of the package root failed" >&2
  status=2
  exit
fi
cp "$ROOT/etc/apt/sources.list" "$PKGROOT/etc/apt/sources.list"
cp /etc/resolv.conf "$PKGROOT/etc/resolv.conf"
cp "$ROOT/etc/apt/apt.conf.d/90bare-check" "$PKGROOT/etc/apt/apt.conf.d/"
mount -t proc proc "$PKGROOT/proc"
mount --bind "$CACHE" "$PKGROOT/var/cache/apt/archives"
mkdir -p "$PKGROOT/debs"
cp "$ROOT"/src/market-pos/build/dist/*.deb "$PKGROOT/debs/"
in_pkg_root() {
  chroot "$PKGROOT" /usr/bin/env -i HOME=/root TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@" &
  wait $!
}
say "installing $(ls "$PKGROOT/debs" | tr '\n' ' ')on a second minimal root"
if ! in_pkg_root sh -c 'apt-get update -q >/dev/null &&
     DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
       /debs/*.deb >/dev/null'; then
  say "FAILED: apt-get install of the packages on a bare Debian 12" >&2
  exit
fi
for p in stall stall-pos market-hub market-report market-office; do
  if ! in_pkg_root "$p" --version; then
    say "FAILED: $p --version from the installed package" >&2
    exit
  fi
done
say "packages installed and started in $(( $(date +%s) - t1 )) s"
status=0
