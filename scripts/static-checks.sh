#!/bin/sh
# Static checks, run by .ci/run after the build in build/ (whose
# compile_commands.json clang-tidy reads): clang-tidy with .clang-tidy on the
# sources, cppcheck, and clang-format on every tracked C++ file. The -Werror
# build with the strict warning set is the build itself (VCSPLIT_WERROR=ON).
# Exits non-zero on any finding.
set -eu
cd "$(dirname "$0")/.."

if [ ! -f build/compile_commands.json ]; then
  echo "static-checks: build/compile_commands.json missing; run cmake -B build first" >&2
  exit 1
fi

echo "static-checks: clang-tidy"
find src -name '*.cc' -print0 | xargs -0 -P2 -n1 clang-tidy -p build --quiet

echo "static-checks: cppcheck"
cppcheck --std=c++17 --language=c++ -I include -I src -I src/cli \
  --enable=warning,performance,portability --inline-suppr --error-exitcode=1 --quiet \
  --suppress=missingIncludeSystem src fuzz

echo "static-checks: clang-format"
git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror

echo "static-checks: ok"
