// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "ledger/timeparse.h"

#include <cstdlib>
#include <ctime>

#include <catch2/catch.hpp>

namespace vcsplit {
namespace {

// Runs the tests of this file in a fixed time zone.
struct BerlinTime {
  BerlinTime() {
    setenv("TZ", "Europe/Berlin", 1);
    tzset();
  }
};

TEST_CASE("time: the formats of SPEC 4.3 are read", "[time]") {
  BerlinTime tz;
  auto d = ParseTimestamp("2024-05-03");
  REQUIRE(d);
  CHECK(d->date_only);
  CHECK(d->local_date == 20240503);
  CHECK(d->canonical == "2024-05-03");

  auto de = ParseTimestamp(" 3.5.2024 ");
  REQUIRE(de);
  CHECK(de->canonical == "2024-05-03");
  CHECK(de->instant == d->instant);

  auto t = ParseTimestamp("2024-05-03T14:30");
  REQUIRE(t);
  CHECK_FALSE(t->date_only);
  CHECK(t->canonical == "2024-05-03T14:30:00");
  CHECK(t->instant == d->instant + 14 * 3600 + 30 * 60);

  auto space = ParseTimestamp("2024-05-03 14:30:15");
  REQUIRE(space);
  CHECK(space->canonical == "2024-05-03T14:30:15");

  auto german_time = ParseTimestamp("03.05.2024 9:05");
  REQUIRE(german_time);
  CHECK(german_time->canonical == "2024-05-03T09:05:00");
}

TEST_CASE("time: offsets give instants independent of the local zone", "[time]") {
  BerlinTime tz;
  auto z = ParseTimestamp("2024-01-01T00:00:00Z");
  REQUIRE(z);
  CHECK(z->instant == 1704067200);
  CHECK(z->canonical == "2024-01-01T00:00:00+00:00");
  auto plus = ParseTimestamp("2024-01-01T02:00:00+02:00");
  REQUIRE(plus);
  CHECK(plus->instant == 1704067200);
  CHECK(plus->canonical == "2024-01-01T02:00:00+02:00");
  // The row's date is its date in local time: 23:30Z is already the 2nd in Berlin.
  auto late = ParseTimestamp("2024-01-01T23:30:00Z");
  REQUIRE(late);
  CHECK(late->local_date == 20240102);
}

TEST_CASE("time: anything else is rejected", "[time]") {
  BerlinTime tz;
  for (const char* bad : {"", "yesterday", "2024-13-01", "2024-02-30", "31.2.2024",
                          "2024-05-03T25:00", "2024-05-03T10:00+2", "2024/05/03", "2024-05-03x",
                          "24-05-03", "2024-05-03T10:00:00Zjunk"}) {
    INFO(bad);
    CHECK_FALSE(ParseTimestamp(bad));
  }
  CHECK(ParseTimestamp("2024-02-29"));  // a leap day
}

TEST_CASE("time: end of a date-only day", "[time]") {
  BerlinTime tz;
  auto d = ParseTimestamp("2024-05-03");
  REQUIRE(d);
  CHECK(EndOfDayOrInstant(*d) == d->instant + 86400 - 1);
  auto t = ParseTimestamp("2024-05-03T10:00");
  CHECK(EndOfDayOrInstant(*t) == t->instant);
}

TEST_CASE("time: durations in days, weeks, months and years", "[time]") {
  BerlinTime tz;
  CHECK(ParseDuration("730d")->count == 730);
  CHECK(ParseDuration("24m")->unit == 'm');
  CHECK(ParseDuration("2y")->unit == 'y');
  CHECK(ParseDuration("3w")->unit == 'w');
  CHECK_FALSE(ParseDuration("2"));
  CHECK_FALSE(ParseDuration("d"));
  CHECK_FALSE(ParseDuration("2h"));
  CHECK_FALSE(ParseDuration("-2d"));

  auto start = ParseTimestamp("2024-01-31")->instant;
  // Months are calendar months, clamped to the month's end.
  CHECK(AddDuration(start, *ParseDuration("1m")) == ParseTimestamp("2024-02-29")->instant);
  CHECK(AddDuration(start, *ParseDuration("1y")) == ParseTimestamp("2025-01-31")->instant);
  auto leap = ParseTimestamp("2024-02-29")->instant;
  CHECK(AddDuration(leap, *ParseDuration("1y")) == ParseTimestamp("2025-02-28")->instant);
  CHECK(AddDuration(start, *ParseDuration("2d")) == start + 2 * 86400);
  CHECK(AddDuration(start, *ParseDuration("1w")) == start + 7 * 86400);
}

}  // namespace
}  // namespace vcsplit
