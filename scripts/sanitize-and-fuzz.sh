#!/bin/sh
# Builds the project with clang, AddressSanitizer and UBSan in build-asan/,
# runs the whole test suite under the sanitizers, then runs each libFuzzer
# target (vCard, CSV, ledger, timestamps) for a short smoke time
# (FUZZ_SECONDS each, default 30) seeded from the corpus and the examples. Exits non-zero on any failure or crash.
set -eu
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"

cmake -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DVCSPLIT_FUZZ=ON
cmake --build build-asan -j2
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# target, then its seed directories (read-only; new finds go to $work).
fuzz() {
  target=$1
  shift
  mkdir -p "$work/$target"
  echo "sanitize-and-fuzz: $target for $seconds s"
  "build-asan/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/$target-" "$work/$target" "$@"
}
fuzz vcard_fuzz ../shared/corpus/vcard examples tests/data/fuzz/vcard
fuzz csv_fuzz ../shared/corpus/csv tests/data/fuzz/csv
fuzz ledger_fuzz tests/data/fuzz/ledger
fuzz timestamp_fuzz tests/data/fuzz/timestamp
echo "sanitize-and-fuzz: ok"
