#!/usr/bin/env bash
# run-fuzzers.sh — runs every fuzz target for minutes, one after the other at
# low priority, and prints for each its executions, coverage and findings
# (README.md, "Fuzzing").  Configures its own clang build the first time.
#
#   bash bench/run-fuzzers.sh [SECONDS-PER-TARGET [TARGET…]]
#
# e.g. `bash bench/run-fuzzers.sh 600 seat-plan-pretix`.  Each target's log,
# grown corpus and findings stay in _build-fuzz/tests/fuzz/work/TARGET.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-300}
[ $# -gt 0 ] && shift
builddir=${FUZZ_BUILDDIR:-_build-fuzz}

if [ ! -d "$builddir" ]; then
  CC=clang meson setup "$builddir" -Dfuzzing=enabled -Dclient=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C "$builddir"

tests=()
for target in "$@"; do
  tests+=("fuzz-$target")
done

status=0
FUZZ_SECONDS=$seconds nice -n 10 \
  meson test -C "$builddir" --suite fuzz --num-processes 1 --timeout-multiplier 0 \
  --print-errorlogs "${tests[@]}" || status=$?

echo
echo "Fuzzing, $seconds s per target:"
python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    result = json.loads(line)
    for out in result.get("stdout", "").splitlines():
        if " runs in " in out:
            print(f"  {out}  [{result['result']}]")
PY
exit $status
