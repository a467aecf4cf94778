// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "csv/csv.h"

#include <catch2/catch.hpp>

namespace vcsplit {
namespace {

TEST_CASE("csv: quoted fields keep delimiters, quotes and line breaks", "[csv]") {
  std::string data = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"l1\nl2\"\r\n,\"\",\nlast";
  std::vector<CsvRecord> r = ParseCsvText(data, ',');
  REQUIRE(r.size() == 4);
  CHECK(r[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(r[1].fields == std::vector<std::string>{"x, y", "say \"hi\"", "l1\nl2"});
  CHECK(r[1].line == 2);
  CHECK(data.substr(r[1].begin, r[1].end - r[1].begin) ==
        "\"x, y\",\"say \"\"hi\"\"\",\"l1\nl2\"\r\n");
  CHECK(r[2].line == 4);
  CHECK(r[2].fields == std::vector<std::string>{"", "", ""});
  CHECK(IsEmptyRecord(r[2]));
  CHECK(r[3].fields == std::vector<std::string>{"last"});
}

TEST_CASE("csv: an unterminated quote is flagged", "[csv]") {
  std::vector<CsvRecord> r = ParseCsvText("a\n\"open,b\n", ',');
  REQUIRE(r.size() == 2);
  CHECK(r[1].unterminated);
}

TEST_CASE("csv: the delimiter is detected from the header line", "[csv]") {
  CHECK(DetectDelimiter("timestamp;status;telefon", ",;") == ';');
  CHECK(DetectDelimiter("timestamp,status,\"a;b\"", ",;") == ',');
  CHECK(DetectDelimiter("a\tb\tc", ",;\t") == '\t');
  CHECK(DetectDelimiter("single", ",;") == ',');
}

}  // namespace
}  // namespace vcsplit
