#!/usr/bin/env bash
# Sets everything up and runs every test: dependencies, build (warnings are
# errors), then `meson test` under a virtual X display with a session bus.
# Server tests start their own throwaway PostgreSQL clusters.  Then the
# client's tests once more in French (Canada), where what a person reads is
# looked up through the catalogue (skipped when only some tests are named, or
# with TESSERA_FRENCH=0).  Then the fuzz
# step: every request decoder for a few seconds under libFuzzer with ASan and
# UBSan, in a second build directory made with clang (README.md, "Fuzzing");
# it is skipped when only some tests are named, or with TESSERA_FUZZ=0.
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
logs=("$builddir/meson-logs/testlog.json")

if [ $# -eq 0 ] && [ "${TESSERA_FRENCH:-1}" != 0 ]; then
  # LOCPATH for the French pass only: glibc's setlocale leaks its search path
  # when LOCPATH is set, which the fuzzers' leak checker reports
  locpath=${LOCPATH:-}
  if ! locale -a 2>/dev/null | grep -qix 'fr_CA\.utf-\?8'; then
    locpath="$PWD/$builddir/locales"
    [ -d "$locpath/fr_CA.UTF-8" ] || { mkdir -p "$locpath" && localedef -i fr_CA -f UTF-8 "$locpath/fr_CA.UTF-8"; }
  fi
  LOCPATH=$locpath TESSERA_TEST_LOCALE=fr_CA.UTF-8 xvfb-run -a -s '-screen 0 1280x1024x24' \
    dbus-run-session -- \
    meson test -C "$builddir" --suite client --logbase testlog-fr --print-errorlogs --num-processes 2 || status=$?
  logs+=("$builddir/meson-logs/testlog-fr.json")
fi

if [ $# -eq 0 ] && [ "${TESSERA_FUZZ:-1}" != 0 ]; then
  fuzzdir=${FUZZ_BUILDDIR:-$builddir-fuzz}
  if [ ! -d "$fuzzdir" ]; then
    # no --werror: the gcc build above is the strict one, and clang warns
    # about other things (an unused g_autoptr that only runs a cleanup)
    CC=clang meson setup "$fuzzdir" -Dfuzzing=enabled -Dclient=disabled \
      -Db_sanitize=address,undefined -Db_lundef=false
  fi
  ninja -C "$fuzzdir"
  meson test -C "$fuzzdir" --suite fuzz --print-errorlogs --num-processes 2 || status=$?
  logs+=("$fuzzdir/meson-logs/testlog.json")
fi

# One plain closing line, counted from meson's own logs.
python3 - "${logs[@]}" <<'PY' || true
import json, sys
passed = failed = skipped = 0
for log in sys.argv[1:]:
    for line in open(log):
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
