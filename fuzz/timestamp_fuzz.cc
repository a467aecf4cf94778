// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// libFuzzer target for ledger timestamps and --max-age durations. See
// docs/fuzzing.md.

#include <cstdio>
#include <cstdlib>

#include "timestamp_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string problem =
      vcsplit::CheckTimestampInput(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!problem.empty()) {
    std::fprintf(stderr, "timestamp_fuzz: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
