#!/bin/sh
# Installs the sample server.ini into SYSCONFDIR/tessera unless one is
# there already: an administrator's settings survive `meson install` of a
# new release, which gets the new sample beside them as server.ini.new.
# Run by `meson install` (data/server/meson.build); honours DESTDIR.
set -eu
sample=$1
dir=${DESTDIR:-}$2/tessera

mkdir -p "$dir"
if [ -e "$dir/server.ini" ]; then
  if ! cmp -s "$sample" "$dir/server.ini"; then
    install -m 644 "$sample" "$dir/server.ini.new"
    echo "Kept $2/tessera/server.ini; the new sample is server.ini.new beside it"
  fi
else
  install -m 644 "$sample" "$dir/server.ini"
  echo "Installing $2/tessera/server.ini"
fi
