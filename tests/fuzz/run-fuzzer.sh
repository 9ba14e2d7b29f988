#!/usr/bin/env bash
# run-fuzzer.sh — runs one libFuzzer target for a while over its seed corpus,
# writing only into a work directory of the build (never the source tree),
# then says in one line what it did.  Used by the "fuzz" test suite (a few
# seconds each) and by bench/run-fuzzers.sh (minutes each).
#
#   run-fuzzer.sh TARGET SEEDS WORKDIR SECONDS [libFuzzer option…]
#
# FUZZ_SECONDS, when set, replaces SECONDS (bench/run-fuzzers.sh).  SEEDS
# is one directory or several joined with ':'; they are read, never written:
# new inputs go to WORKDIR/corpus, inputs that crash, leak, time out or trip
# a sanitizer to WORKDIR/findings, the whole log to WORKDIR/log.  Exit
# status 0 means nothing was found.
set -uo pipefail

if [ $# -lt 4 ]; then
  echo "usage: $0 TARGET SEEDS WORKDIR SECONDS [libFuzzer option…]" >&2
  exit 2
fi
target=$1 seeds=$2 work=$3 seconds=${FUZZ_SECONDS:-$4}
shift 4

IFS=: read -r -a seed_dirs <<<"$seeds"
rm -rf "$work/corpus" "$work/findings"
mkdir -p "$work/corpus" "$work/findings"

export G_SLICE=${G_SLICE:-always-malloc}
export G_DEBUG=${G_DEBUG:-gc-friendly,fatal-criticals}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
# fontconfig's process-wide caches are not leaks of ours (lsan.supp)
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp}

started=$SECONDS
# -timeout: an input that takes this long is a finding (a hang);
# -rss_limit_mb: so is one that needs this much memory.
"$target" \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -print_final_stats=1 \
  -artifact_prefix="$work/findings/" \
  "$@" \
  "$work/corpus" "${seed_dirs[@]}" >"$work/log" 2>&1
status=$?
elapsed=$((SECONDS - started))

name=$(basename "$target")
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/log" | tail -n 1)
last=$(grep -E '^#[0-9]+.*cov: ' "$work/log" | tail -n 1)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
findings=$(find "$work/findings" -type f | wc -l)
echo "$name: ${runs:-?} runs in ${elapsed} s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?} inputs," \
     "peak RSS ${rss:-?} MB, findings ${findings}"

if [ $status -ne 0 ] || [ "$findings" -ne 0 ]; then
  echo "--- $name failed (status $status); the end of $work/log:"
  tail -n 80 "$work/log"
  find "$work/findings" -type f -printf '  finding: %p (%s bytes)\n'
  # one failing status: libFuzzer's own (77 for a crash) would read as
  # "skipped" to meson
  status=1
fi
exit $status
