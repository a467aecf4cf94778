// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "csv/csv.h"

#include <catch2/catch.hpp>

namespace vcsplit {
namespace {

TEST_CASE("csv: quoted fields keep delimiters, quotes and line breaks", "[csv]") {
  std::string data = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"l1\nl2\"\r\n,\"\",\nlast";
  CsvParser p(data, ',');
  CsvRecord r;
  REQUIRE(p.Next(&r));
  CHECK(r.fields == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(p.Next(&r));
  CHECK(r.fields == std::vector<std::string>{"x, y", "say \"hi\"", "l1\nl2"});
  CHECK(r.line == 2);
  CHECK(data.substr(r.begin, r.end - r.begin) == "\"x, y\",\"say \"\"hi\"\"\",\"l1\nl2\"\r\n");
  REQUIRE(p.Next(&r));
  CHECK(r.line == 4);
  CHECK(r.fields == std::vector<std::string>{"", "", ""});
  CHECK(IsEmptyRecord(r));
  REQUIRE(p.Next(&r));
  CHECK(r.fields == std::vector<std::string>{"last"});
  CHECK_FALSE(p.Next(&r));
}

TEST_CASE("csv: an unterminated quote is flagged", "[csv]") {
  CsvParser p("a\n\"open,b\n", ',');
  CsvRecord r;
  REQUIRE(p.Next(&r));
  REQUIRE(p.Next(&r));
  CHECK(r.unterminated);
}

TEST_CASE("csv: the delimiter is detected from the header line", "[csv]") {
  CHECK(DetectDelimiter("timestamp;status;telefon", ",;") == ';');
  CHECK(DetectDelimiter("timestamp,status,\"a;b\"", ",;") == ',');
  CHECK(DetectDelimiter("a\tb\tc", ",;\t") == '\t');
  CHECK(DetectDelimiter("single", ",;") == ',');
}

}  // namespace
}  // namespace vcsplit
