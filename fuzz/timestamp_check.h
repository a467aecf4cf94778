// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The properties timestamps and durations must keep on any text, shared by
// the libFuzzer target and the regression tests: a parsed timestamp's
// canonical form parses again to the same instant and form; date-only
// values end after they start; durations add without overflow (UBSan
// watches the arithmetic) and move time forward.

#ifndef VCSPLIT_FUZZ_TIMESTAMP_CHECK_H_
#define VCSPLIT_FUZZ_TIMESTAMP_CHECK_H_

#include <optional>
#include <string>
#include <string_view>

#include "ledger/timeparse.h"

namespace vcsplit {

inline std::string CheckTimestampInput(std::string_view text) {
  std::optional<Timestamp> t = ParseTimestamp(text);
  if (t) {
    std::optional<Timestamp> again = ParseTimestamp(t->canonical);
    if (!again) return "canonical form does not parse: " + t->canonical;
    if (again->canonical != t->canonical) return "canonical form not stable: " + t->canonical;
    if (again->instant != t->instant) return "canonical form moves the instant: " + t->canonical;
    if (again->date_only != t->date_only) return "canonical form changes the kind";
    int64_t end = EndOfDayOrInstant(*t);
    if (end < t->instant) return "ends before it starts";
    if (t->date_only && end - t->instant > 26 * 3600) return "a day longer than 26 hours";
    FormatLocal(t->instant);
  }
  std::optional<Duration> d = ParseDuration(text);
  if (d) {
    if (d->count < 0) return "negative duration";
    int64_t start = t ? t->instant : 1780000000;
    int64_t later = AddDuration(start, *d);
    if (later < start) return "a duration moves time backwards";
  }
  return "";
}

}  // namespace vcsplit

#endif  // VCSPLIT_FUZZ_TIMESTAMP_CHECK_H_
