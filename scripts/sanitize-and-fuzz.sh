#!/bin/sh
# Builds the project with clang, AddressSanitizer and UBSan in build-asan/,
# runs the whole test suite under the sanitizers, then runs each libFuzzer
# target (vCard, CSV, ledger, timestamps) for a short smoke time
# (FUZZ_SECONDS each, default 30) seeded from the corpus and the examples.
# With --fuzz-only (what CI runs, to stay within its time) only the library
# and the fuzz targets are built and the suite is not run under the
# sanitizers. Exits non-zero on any failure or crash.
set -eu
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"
fuzz_only=no
case "${1:-}" in
  --fuzz-only) fuzz_only=yes ;;
  "") ;;
  *) echo "usage: scripts/sanitize-and-fuzz.sh [--fuzz-only]" >&2; exit 2 ;;
esac

cmake -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DVCSPLIT_FUZZ=ON
if [ "$fuzz_only" = yes ]; then
  cmake --build build-asan -j2 --target vcard_fuzz csv_fuzz ledger_fuzz timestamp_fuzz
else
  cmake --build build-asan -j2
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j2
fi

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
