// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// libFuzzer target for the CSV book reader (header detection, dialects,
// encodings, quoting, record limits). The first byte chooses header
// detection or --no-header; see docs/fuzzing.md.

#include <cstdio>
#include <cstdlib>

#include "csv_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  bool no_header = (data[0] & 1) != 0;
  std::string problem = vcsplit::CheckCsvInput(
      std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), no_header);
  if (!problem.empty()) {
    std::fprintf(stderr, "csv_fuzz: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
