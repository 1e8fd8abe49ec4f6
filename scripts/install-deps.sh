#!/bin/sh
# Installs the Debian 12 packages the project needs, only when one is
# missing.  Needs root (or sudo) the first time only.
#
# Every package is named here: nothing is left to "Recommends", because
# packages are installed with --no-install-recommends (a bare machine gets
# exactly this list) and scripts/bare-check.sh proves the list complete on
# a fresh minimal bookworm root in CI.  Packages are grouped by what needs
# them; a package two groups need is named in both.
set -eu

# Compiler, CMake and the libraries the programs link (headers).  The GLib
# tools (glib-compile-resources) come with libglib2.0-dev; msgfmt with
# gettext; hb-subset (libharfbuzz-bin), fc-scan (fontconfig) and the Noto
# CJK fonts make the report PDFs' Korean font cuts at build time; scdoc
# makes the manual pages (docs/man) and rsvg-convert (librsvg2-bin) the
# apps' PNG icons from their SVG; libxlsxwriter the reports' Excel workbooks.
GROUP_build="build-essential cmake pkg-config gettext
libglib2.0-dev libsqlite3-dev libpq-dev libcjson-dev libcurl4-openssl-dev
libqrencode-dev libmicrohttpd-dev libgtk-3-dev libcairo2-dev libpango1.0-dev
libsecret-1-dev fonts-noto-cjk fontconfig libharfbuzz-bin scdoc librsvg2-bin
libxlsxwriter-dev"

# The Debian packages (make deb, test-packages): Debian's own tooling and
# lintian.  debian/control's Build-Depends are the build group above.
GROUP_package="debhelper dpkg-dev lintian"

# What the programs need when they run, beyond the shared libraries their
# packages pull in: Korean fonts for the apps and reports; GTK's SVG icon
# loader (GTK 3 only recommends it, and without it the Adwaita theme's
# symbolic icons abort the apps); the zone data for the market clock
# (Asia/Seoul); CA certificates for a till syncing to a hub over HTTPS.
GROUP_runtime="fonts-noto-cjk librsvg2-common adwaita-icon-theme
shared-mime-info tzdata ca-certificates"

# The tests: a virtual display for the GTK apps, PDF tools to read the
# reports back, the sqlite3 shell for looking into ledgers and hubs;
# clang with its runtime (libFuzzer, the sanitizers) for the fuzz targets
# of tests/fuzz; headless Chromium to load the receipt page as a phone
# would (test-receipt-page), curl to read the hub's headers; script(1)
# (bsdutils) to give `market-hub seed` a terminal for its progress bar; the
# validators of what gets installed (test-install, test-packages):
# desktop-file-validate, appstreamcli, man (man-db) for the manual pages,
# systemd-analyze (systemd) for the units.  No locale package: the
# programs speak Korean under LANG=ko_KR.UTF-8 even where that locale is
# not generated (base/mb-install.c), and the tests prove it so.  The
# openssl tool for the hub's throwaway certificates and for trying it with
# old TLS versions (test-hub-admin, test-hub-hostile).  A throwaway
# PostgreSQL 15 cluster for the hub suites on PostgreSQL (tests/pg-cluster.sh:
# the server's initdb and pg_ctl, psql to make its roles); the benchmarks
# on PostgreSQL start the same cluster as shipped (bench/with-pg.sh); pgrep
# (procps) to find the processes of a primary the failover test kills
# (tests/test-hub-failover.sh).  unzip to read the Excel workbooks back
# (test-analytics-xlsx).
GROUP_test="xvfb xauth poppler-utils sqlite3 clang libclang-rt-14-dev chromium curl bsdutils
desktop-file-utils appstream man-db systemd openssl
postgresql-15 postgresql-client-15 procps unzip"

# The demo: curl to ask the hub as an outside client would.
GROUP_demo="curl"

PKGS="$GROUP_build $GROUP_package $GROUP_runtime $GROUP_test $GROUP_demo"

missing=""
for p in $PKGS; do
  case " $missing " in *" $p "*) continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "install-deps: these packages are missing and installing them needs root or sudo:$missing" >&2
    exit 1
  }
  SUDO="sudo"
fi
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
