// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Replays the inputs the fuzzers found (tests/data/fuzz/TARGET/) and the
// real-world corpus and examples through the invariants the fuzzers check
// (fuzz/*_check.h), in the normal test suite.

#include <dirent.h>

#include <catch2/catch.hpp>

#include "../fuzz/csv_check.h"
#include "../fuzz/ledger_check.h"
#include "../fuzz/timestamp_check.h"
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

TEST_CASE("fuzz: CSV books keep the reader's invariants", "[fuzz][corpus]") {
  std::vector<std::string> files = FilesUnder(test::SourcePath("../shared/corpus/csv"));
  for (const std::string& f : FilesUnder(test::SourcePath("tests/data/fuzz/csv")))
    files.push_back(f);
  for (const char* e : {"examples/contacts-google.csv", "examples/contacts-outlook-de.csv",
                        "examples/contacts-thunderbird.csv"}) {
    files.push_back(test::SourcePath(e));
  }
  REQUIRE(files.size() > 30);
  for (const std::string& f : files) {
    INFO(f);
    std::string data = test::ReadFile(f);
    for (bool no_header : {false, true}) {
      CHECK(CheckCsvInput(data, no_header, 64 << 20) == "");
      CHECK(CheckCsvInput(data, no_header, 100) == "");
    }
  }
}

TEST_CASE("fuzz: ledgers keep the ledger's invariants", "[fuzz]") {
  std::vector<std::string> files = FilesUnder(test::SourcePath("tests/data/fuzz/ledger"));
  files.push_back(test::SourcePath("examples/consent.csv"));
  REQUIRE(files.size() > 1);
  MemoryFile file;
  for (const std::string& f : files) {
    INFO(f);
    CHECK(CheckLedgerInput(test::ReadFile(f), &file) == "");
  }
  // The same example as JSON Lines.
  CHECK(CheckLedgerInput(
            "{\"timestamp\":\"2024-01-01\",\"status\":\"given\",\"phone\":\"030 1\"}\n"
            "{\"timestamp\":\"2025-01-01T10:00+01:00\",\"status\":\"void\",\"ref\":\"1\"}\n",
            &file) == "");
}

TEST_CASE("fuzz: timestamps keep their invariants", "[fuzz]") {
  std::vector<std::string> inputs = {"2024-02-29",
                                     "2023-02-29",
                                     "1.1.2024 10:00",
                                     "2024-03-31T02:30",
                                     "2024-10-27 02:30:00",
                                     "9999-12-31T23:59:59Z",
                                     "0000-01-01",
                                     "2024-01-01T00:00-23:59",
                                     "730d",
                                     "24m",
                                     "2y",
                                     "9223372036854775807y"};
  for (const std::string& f : FilesUnder(test::SourcePath("tests/data/fuzz/timestamp"))) {
    inputs.push_back(test::ReadFile(f));
  }
  for (const std::string& t : inputs) {
    INFO(t);
    CHECK(CheckTimestampInput(t) == "");
  }
}

}  // namespace
}  // namespace vcsplit
