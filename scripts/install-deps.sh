#!/bin/sh
# Installs the Debian 12 packages the build, the tests and the demo need,
# only when one is missing. Needs root (or sudo) the first time only.
set -eu
PKGS="build-essential cmake pkg-config libsqlite3-dev sqlite3 libcjson-dev
curl libcurl4-openssl-dev libqrencode-dev libmicrohttpd-dev libglib2.0-dev
libgtk-3-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk fontconfig
libharfbuzz-bin xvfb xauth poppler-utils libsecret-1-dev gettext"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
