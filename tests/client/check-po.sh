#!/bin/sh
# Fails when po/fr.po misses a string of the sources, or has untranslated or
# fuzzy entries: French (Canada) is a first-class language.
set -eu
top="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top"
grep -v '^#' po/POTFILES.in | grep -v '^$' > "$tmp/files"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --add-comments --files-from="$tmp/files" --output="$tmp/tessera.pot" 2>"$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log"; exit 1; }
msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/merged.po" po/fr.po "$tmp/tessera.pot"
stats=$(LC_ALL=C msgfmt --statistics --check -o /dev/null "$tmp/merged.po" 2>&1)
echo "fr.po against the sources: $stats"
case "$stats" in
  *untranslated*|*fuzzy*) exit 1 ;;
esac
stats=$(LC_ALL=C msgfmt --statistics --check -o /dev/null po/fr.po 2>&1)
case "$stats" in
  *untranslated*|*fuzzy*) echo "po/fr.po itself: $stats"; exit 1 ;;
esac
exit 0
