// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// libFuzzer target for the vCard reader and key extraction. Build with
// -DVCSPLIT_FUZZ=ON (clang); see docs/fuzzing.md.

#include <cstdio>
#include <cstdlib>

#include "vcard_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string problem =
      vcsplit::CheckVcardInput(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!problem.empty()) {
    std::fprintf(stderr, "vcard_fuzz: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
