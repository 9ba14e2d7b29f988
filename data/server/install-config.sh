#!/bin/sh
# install-config.sh SAMPLE DIR NAME: installs a sample configuration file
# as DIR/NAME unless one is there already: an administrator's settings
# survive `meson install` of a new release, which gets the new sample
# beside them as NAME.new.  Run by `meson install` (data/server/meson.build)
# for /etc/tessera/server.ini and /etc/default/tessera-remote; honours DESTDIR.
set -eu
sample=$1
dir=${DESTDIR:-}$2
name=$3

mkdir -p "$dir"
if [ -e "$dir/$name" ]; then
  if ! cmp -s "$sample" "$dir/$name"; then
    install -m 644 "$sample" "$dir/$name.new"
    echo "Kept $2/$name; the new sample is $name.new beside it"
  fi
else
  install -m 644 "$sample" "$dir/$name"
  echo "Installing $2/$name"
fi
