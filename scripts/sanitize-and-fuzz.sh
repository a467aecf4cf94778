#!/bin/sh
# Builds the project with clang, AddressSanitizer and UBSan in build-asan/,
# runs the whole test suite under the sanitizers, then runs each libFuzzer
# target for a short smoke time (FUZZ_SECONDS, default 60) seeded from the
# corpus and the examples. Exits non-zero on any failure or crash.
set -eu
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"

cmake -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DVCSPLIT_FUZZ=ON
cmake --build build-asan -j2
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/vcard"
build-asan/vcard_fuzz -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -artifact_prefix="$work/" "$work/vcard" ../shared/corpus/vcard examples tests/data/fuzz/vcard
echo "sanitize-and-fuzz: ok"
