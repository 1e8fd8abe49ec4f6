#!/bin/sh
# Every visible string of the till is translated: the strings xgettext finds
# in the files of po/POTFILES.in must all have a Korean translation in
# po/ko.po (none missing, none fuzzy), po/en.po must cover them too, and
# every source or .ui file with strings (the apps' and the command-line
# programs') must be listed in POTFILES.in.
#
#   till-translations.sh SOURCE_DIR
set -eu
SRC=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$SRC"
grep -v '^#' po/POTFILES.in | sed '/^$/d' > "$TMP/files"
fail=0
for f in ui/till/*.c ui/till/*.ui ui/office/*.c ui/office/*.ui ui/common/*.c sync/stall/*.c \
         sync/hub/*.c base/*.c; do
  if grep -q -e '_("' -e 'N_("' -e 'translatable="yes"' "$f" && ! grep -qx "$f" "$TMP/files"; then
    echo "translations: $f has strings but is not in po/POTFILES.in" >&2
    fail=1
  fi
done
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --files-from="$TMP/files" -o "$TMP/stall-pos.pot"
for lang in ko en; do
  if ! msgcmp "po/$lang.po" "$TMP/stall-pos.pot"; then
    echo "translations: po/$lang.po lacks strings of the sources (see above)" >&2
    fail=1
  fi
  if [ -n "$(msgattrib --only-fuzzy --no-obsolete "po/$lang.po")" ]; then
    echo "translations: po/$lang.po has fuzzy entries" >&2
    fail=1
  fi
done
n=$(grep -c '^msgid ' "$TMP/stall-pos.pot")
echo "translations: $((n - 1)) strings, all in po/ko.po and po/en.po"
exit $fail
