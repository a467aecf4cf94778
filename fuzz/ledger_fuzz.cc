// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// libFuzzer target for the consent ledger: CSV and JSON Lines (a file that
// starts with '{' is read as JSON Lines), row checks, voids, purposes,
// evaluation and the hash chain. See docs/fuzzing.md.

#include <cstdio>
#include <cstdlib>

#include "ledger_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static vcsplit::MemoryFile file;
  std::string problem =
      vcsplit::CheckLedgerInput(std::string_view(reinterpret_cast<const char*>(data), size), &file);
  if (!problem.empty()) {
    std::fprintf(stderr, "ledger_fuzz: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
