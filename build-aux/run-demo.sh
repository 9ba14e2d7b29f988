#!/usr/bin/env bash
# Sets everything up and runs the product: dependencies, build, the server on
# its own embedded PostgreSQL with the demo consortium, and the client.
# Stop with Ctrl+C or by closing the client: the server and its database stop too.
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh

builddir=${BUILDDIR:-_build}
if [ ! -d "$builddir" ]; then
  meson setup "$builddir" -Dclient=enabled
fi
ninja -C "$builddir"

port=${TESSERA_PORT:-8080}
# The build tree's compiled translations (po/fr/LC_MESSAGES/tessera.mo): the
# demo never installs, so the storefront's French pages and LANGUAGE=fr_CA
# in the client would otherwise be English.
export TESSERA_LOCALEDIR="$PWD/$builddir/po"
"$builddir/server/tessera-server" --demo-data --demo-season --port "$port" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 $server 2>/dev/null; then echo "The server did not start (see above)." >&2; exit 1; fi
  sleep 0.5
done

cat <<TXT

Tessera demo is running at http://127.0.0.1:$port
  Master User:          outlet "Master User", login master, password master-password
  Outlet Administrator: outlet University Theatre (or Athletic Centre, Ticket Centre),
                        login admin, password admin-password
  Others: manager / boxoffice / walkup / staff / door (the scanner at the door),
          password <login>-password

TXT

export GSETTINGS_SCHEMA_DIR="$PWD/$builddir/data"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: the server keeps running; press Ctrl+C to stop it."
  wait $server
else
  "$builddir/client/tessera" --server "http://127.0.0.1:$port" || true
fi
