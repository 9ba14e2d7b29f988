#!/usr/bin/env bash
# Sets everything up and runs every test: dependencies, build (warnings are
# errors), then `meson test` under a virtual X display with a session bus.
# Server tests start their own throwaway PostgreSQL clusters.
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh

builddir=${BUILDDIR:-_build-test}
if [ ! -d "$builddir" ]; then
  meson setup "$builddir" --werror -Dclient=enabled
fi
ninja -C "$builddir"

status=0
xvfb-run -a -s '-screen 0 1280x1024x24' \
  dbus-run-session -- \
  meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@" || status=$?

# One plain closing line, counted from meson's own log.
python3 - "$builddir/meson-logs/testlog.json" <<'PY' || true
import json, sys
passed = failed = skipped = 0
for line in open(sys.argv[1]):
    r = json.loads(line).get("result")
    if r in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif r == "SKIP":
        skipped += 1
    else:
        failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
