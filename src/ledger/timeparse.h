// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Ledger timestamps and durations (SPEC §4.3 step 2 and 5). Times without an
// offset are local time (the TZ environment variable); a timestamp's "date"
// is its date in local time.

#ifndef VCSPLIT_TIMEPARSE_H_
#define VCSPLIT_TIMEPARSE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vcsplit {

struct Timestamp {
  int64_t instant = 0;  // seconds since the epoch; a date-only value: start of its day
  bool date_only = false;
  int32_t local_date = 0;  // YYYYMMDD of the instant in local time
  // Canonical text for the hash chain (SPEC §4.5): `YYYY-MM-DD` when
  // date-only, else `YYYY-MM-DDThh:mm:ss` plus the offset as written (`Z` as
  // `+00:00`), or nothing when none was written.
  std::string canonical;
};

// With TZ unset, glibc's mktime and localtime stat /etc/localtime on every
// call to see whether it changed: a system call per ledger timestamp. Call
// this once at start-up: it sets TZ to ":/etc/localtime" when unset, the
// same zone, read once.
void PinLocalTimeZone();

// Accepts `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]`,
// `YYYY-MM-DD hh:mm[:ss][Z|±hh:mm]` and `D.M.YYYY[ hh:mm[:ss]]`, with
// surrounding white space. Fractions of a second are accepted and dropped.
// Returns nullopt for anything else, including impossible dates.
std::optional<Timestamp> ParseTimestamp(std::string_view text);

// For a date-only value the last second of its local day; for a timestamp
// with a time, the instant itself.
int64_t EndOfDayOrInstant(const Timestamp& t);

// Start of the local day after the given YYYYMMDD date.
int64_t StartOfNextDay(int32_t local_date);

struct Duration {
  int64_t count = 0;
  char unit = 'd';  // 'd' days, 'w' weeks (fixed length), 'm' months, 'y' years (calendar)
};

// `730d`, `104w`, `24m`, `2y`. Returns nullopt for anything else.
std::optional<Duration> ParseDuration(std::string_view text);

// `start` plus `d`: days and weeks as fixed lengths, months and years on the
// local calendar with the day clamped to the month's end.
int64_t AddDuration(int64_t start, const Duration& d);

// `YYYY-MM-DDThh:mm:ss` of an instant in local time, for messages and
// reports.
std::string FormatLocal(int64_t instant);

}  // namespace vcsplit

#endif  // VCSPLIT_TIMEPARSE_H_
