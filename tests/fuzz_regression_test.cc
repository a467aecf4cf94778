// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Replays the inputs the fuzzer found (tests/data/fuzz/vcard/) and the whole
// real-world corpus through the reader's invariants (fuzz/vcard_check.h).

#include <dirent.h>

#include <catch2/catch.hpp>

#include "../fuzz/vcard_check.h"
#include "test_util.h"

namespace vcsplit {
namespace {

std::vector<std::string> FilesUnder(const std::string& dir) {
  std::vector<std::string> out;
  for (const std::string& name : test::ListDir(dir)) {
    std::string path = dir + "/" + name;
    DIR* d = ::opendir(path.c_str());
    if (d) {
      ::closedir(d);
      for (const std::string& f : FilesUnder(path)) out.push_back(f);
    } else {
      out.push_back(path);
    }
  }
  return out;
}

TEST_CASE("fuzz: inputs found by the fuzzer keep the reader's invariants", "[fuzz]") {
  std::vector<std::string> files = FilesUnder(test::SourcePath("tests/data/fuzz/vcard"));
  REQUIRE_FALSE(files.empty());
  for (const std::string& f : files) {
    INFO(f);
    CHECK(CheckVcardInput(test::ReadFile(f)) == "");
  }
}

TEST_CASE("fuzz: the corpus keeps the reader's invariants, also with tiny card limits",
          "[fuzz][corpus]") {
  std::vector<std::string> files = FilesUnder(test::SourcePath("../shared/corpus/vcard"));
  REQUIRE(files.size() > 200);
  for (const std::string& f : files) {
    INFO(f);
    std::string data = test::ReadFile(f);
    CHECK(CheckVcardInput(data, 64 << 20) == "");
    CHECK(CheckVcardInput(data, 200) == "");
  }
}

}  // namespace
}  // namespace vcsplit
