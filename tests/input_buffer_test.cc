// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "io/input_buffer.h"

#include <string>

#include <catch2/catch.hpp>

#include "../fuzz/fuzz_util.h"

namespace vcsplit {
namespace {

std::string Digits(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += static_cast<char>('0' + i % 10);
  return s;
}

TEST_CASE("input buffer: an offset names the same byte after the window moves", "[io]") {
  std::string data = Digits(300000);
  for (size_t step : kReadSteps) {
    INFO("step " << step);
    ChunkedSource source(data, step);
    InputBuffer in(&source);
    REQUIRE(in.FillTo(10));
    CHECK(in.View(3, 8) == "34567");
    // Walk through the input, releasing behind; held offsets keep their bytes.
    for (uint64_t pos = 0; pos + 1000 <= data.size(); pos += 997) {
      in.Release(pos);
      REQUIRE(in.FillTo(pos + 1000));
      CHECK(in.mark() == pos);
      CHECK(in.At(pos) == static_cast<unsigned char>(data[pos]));
      CHECK(in.View(pos, pos + 1000) == std::string_view(data).substr(pos, 1000));
    }
    CHECK_FALSE(in.FillTo(data.size() + 1));
    CHECK(in.at_eof());
    CHECK(in.end() == data.size());
  }
}

TEST_CASE("input buffer: released bytes stay until the next fill, and mark only grows", "[io]") {
  std::string data = Digits(200000);
  ChunkedSource source(data, 65536);
  InputBuffer in(&source);
  REQUIRE(in.FillTo(100000));
  in.Release(90000);
  in.Release(10);  // earlier than the mark: ignored
  CHECK(in.mark() == 90000);
  CHECK(in.View(90000, 90010) == "0123456789");
  REQUIRE(in.FillTo(200000));
  CHECK(in.View(90000, 90005) == "01234");
  CHECK(in.View(199995, 200000) == "56789");
}

TEST_CASE("input buffer: a held region larger than a block grows the window", "[io]") {
  std::string data = Digits(1 << 20);
  ChunkedSource source(data, 7);
  InputBuffer in(&source);
  REQUIRE(in.FillTo(data.size()));
  CHECK(in.View(0, data.size()) == data);
}

TEST_CASE("input buffer: an in-memory buffer holds everything and never reads", "[io]") {
  std::string data = "BEGIN:VCARD\r\nEND:VCARD\r\n";
  InputBuffer in(data);
  CHECK(in.at_eof());
  CHECK(in.end() == data.size());
  CHECK(in.FillTo(data.size()));
  CHECK_FALSE(in.FillTo(data.size() + 1));
  CHECK(in.Data(0) == data.data());
}

}  // namespace
}  // namespace vcsplit
