#!/bin/sh
# make deb: the Debian packages of the working tree into dist/.
#
# dpkg-buildpackage builds in the tree it is given and writes its results
# into the parent directory, so the tree is copied first (without the build
# directories, dist/ and .git) into a scratch directory: the source tree
# stays as it was, and whatever a build leaves behind goes with the copy.
# The packages land in dist/ (old ones there are replaced); lintian's
# verdict on them is printed, and an error from it fails this script.
#
#   scripts/make-deb.sh [DIST]      DIST defaults to dist/
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dist=${1:-$top/dist}
version=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$top/debian/changelog")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/market-pos-deb.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

mkdir -p "$scratch/market-pos-$version"
tar -C "$top" --exclude=./.git --exclude='./build*' --exclude=./dist --exclude=./obj-* \
    -cf - . | tar -C "$scratch/market-pos-$version" -xf -
# No -dbgsym packages: dist/ holds what `apt install ./dist/*.deb` should take.
(cd "$scratch/market-pos-$version" &&
  DEB_BUILD_OPTIONS="noautodbgsym ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -b -us -uc -j"$(nproc)")

mkdir -p "$dist"
rm -f "$dist"/*.deb
cp "$scratch"/*.deb "$dist"/
echo "make-deb: built into $dist:"
ls -1 "$dist"/*.deb
# lintian: an error fails this script; warnings are printed (there are
# none today; the info tags about the report fonts outside /usr/share/fonts
# are by design: they are cut for the reports, not for the desktop).
lintian --fail-on error "$scratch"/*.changes
