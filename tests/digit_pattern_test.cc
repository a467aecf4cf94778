// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// DigitPattern against std::regex, an independent engine: whole-string
// membership must agree on every digit string tried.

#include <random>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "phone/digit_pattern.h"

namespace vcsplit {
namespace {

TEST_CASE("digit pattern: whole-string matches agree with std::regex", "[phone]") {
  // Shapes taken from libphonenumber's number patterns, plus the quantifiers
  // and classes they could use.
  const std::vector<std::string> patterns = {
      "[2579]\\d{5,14}|49(?:[34]0|69|8\\d)\\d\\d?|(?:1|[368]\\d|4[0-8])\\d{3,13}",
      "8\\d{11}|[2-9]\\d{8}",
      "(?:[124-7]\\d\\d|3(?:[02-9]\\d|1[0-8]))\\d{6}|8\\d{6,9}|9\\d{6,10}|1\\d{4,5}",
      "0\\d{5,10}|1\\d{8,10}|3(?:[0-8]\\d{7,10}|9\\d{7,8})|(?:55|70)\\d{8}|8\\d{5}(?:\\d{2,4})?",
      "(?:00|[1-9]\\d)\\d{6}",
      "[13]\\d{6}(?:\\d{2,5})?|285\\d{9}|(?:[19]\\d|49)\\d{6}",
      "1?2*3+4{2,}5{0,2}",
      "(12|3)*4",
      "[^0-4]\\d",
      "(?:)|1",
      "\\d{3}?",
      "(?:1|12)(?:2|23)?3",
  };
  std::mt19937_64 random(7);
  for (const std::string& pattern : patterns) {
    INFO(pattern);
    auto compiled = DigitPattern::Compile(pattern);
    REQUIRE(compiled);
    std::regex oracle(pattern, std::regex::ECMAScript);
    for (int i = 0; i < 20000; ++i) {
      std::string s;
      size_t length = random() % 18;
      for (size_t k = 0; k < length; ++k) s.push_back(static_cast<char>('0' + random() % 10));
      // Half of them from the few digits the patterns use, so more match.
      if (i % 2 == 0) {
        for (char& c : s) c = "12345"[random() % 5];
      }
      INFO(s);
      REQUIRE(compiled->FullMatch(s) == std::regex_match(s, oracle));
    }
  }
}

TEST_CASE("digit pattern: anything outside the language is refused, not guessed", "[phone]") {
  for (const char* pattern : {"a", "\\w", ".", "1$", "^1", "(?=1)", "(?i)1", "1{2", "[1-", "(1",
                              "1)", "1{3,2}", "1++", "\\p{Nd}", "[a-z]", "1{999}"}) {
    INFO(pattern);
    CHECK_FALSE(DigitPattern::Compile(pattern));
  }
  auto p = DigitPattern::Compile("\\d{3}");
  REQUIRE(p);
  CHECK(p->FullMatch("123"));
  CHECK_FALSE(p->FullMatch("12a"));
  CHECK_FALSE(p->FullMatch("1234"));
  CHECK_FALSE(p->FullMatch(""));
}

}  // namespace
}  // namespace vcsplit
