#!/bin/sh
# Fails when text people read carries a rule number ("(rule C4)", "(règle S4)"):
# rule numbers belong in comments, docs and tests, never on screen nor in an
# error message (issue 11). Checks every string literal of the C sources (the
# client's labels and messages, the server's errors), the templates, the texts
# of the SQL functions and migrations, and the translations; comments may cite.
set -eu
top="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top"
pattern='r(e|è)gles? [A-Z][0-9]|rules? [A-Z][0-9]'

# C: every string literal, adjacent ones joined, comments left out.
find client server common -name '*.[ch]' | sort > "$tmp/c-files"
xgettext --extract-all --language=C --from-code=UTF-8 --no-wrap \
  --files-from="$tmp/c-files" --output="$tmp/c.pot" 2>"$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log"; exit 1; }
awk -v pattern="$pattern" '/^#:/ { where = $0; next }
  /^#/ { next }
  $0 ~ pattern { print substr (where, 4) ": " $0 }' "$tmp/c.pot" > "$tmp/hits"

# Templates without their XML comments; SQL's '…' literals without its -- and
# /* */ comments; fr.po without its # comment lines.
cat > "$tmp/scan.pl" <<'PERL'
local $/;
my $file = $ARGV[0];
$_ = <>;
if ($file =~ /\.ui$/) { s/<!--.*?-->//gs; }
elsif ($file =~ /\.sql$/)
  {
    my $text = $_;
    $_ = "";
    while ($text =~ /\G(?:--[^\n]*|\/\*.*?\*\/|'((?:[^']|'')*)'|.)/gsc)
      { $_ .= "$1\n" if defined $1; }
  }
else { s/^#[^\n]*\n//mg; }
for my $line (split /\n/)
  { print "$file: $line\n" if $line =~ /r(?:e|è)gles? [A-Z][0-9]|rules? [A-Z][0-9]/; }
PERL
for file in $(find data/ui -name '*.ui' | sort) server/functions/*.sql server/migrations/*.sql po/fr.po; do
  perl "$tmp/scan.pl" "$file" >> "$tmp/hits"
done

if [ -s "$tmp/hits" ]; then
  cat "$tmp/hits"
  echo "Rule numbers in text people read: say the rule in words, and cite it in a comment on the same line."
  exit 1
fi
echo "No rule numbers in text people read."
