// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "ledger/timeparse.h"

#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "util/text.h"

namespace vcsplit {

namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t LocalToInstant(int y, int mo, int d, int h, int mi, int s) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  tm.tm_isdst = -1;
  return static_cast<int64_t>(std::mktime(&tm));
}

int32_t LocalDateOf(int64_t instant) {
  std::time_t t = static_cast<std::time_t>(instant);
  std::tm tm{};
  localtime_r(&t, &tm);
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

// Reads exactly `min`..`max` digits.
bool ReadNumber(std::string_view s, size_t* pos, size_t min, size_t max, int* out) {
  size_t start = *pos;
  int v = 0;
  while (*pos < s.size() && *pos - start < max && s[*pos] >= '0' && s[*pos] <= '9') {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
  }
  if (*pos - start < min) return false;
  *out = v;
  return true;
}

// `value` (0 <= value < 10^width) with leading zeros: canonical text is
// built for every ledger row, so without a formatting library.
void AppendDigits(std::string* out, int value, int width) {
  char digits[4];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out->append(digits, static_cast<size_t>(width));
}

// YYYY-MM-DD.
std::string DateText(int y, int mo, int d) {
  std::string text;
  text.reserve(25);
  AppendDigits(&text, y, 4);
  text += '-';
  AppendDigits(&text, mo, 2);
  text += '-';
  AppendDigits(&text, d, 2);
  return text;
}

bool Expect(std::string_view s, size_t* pos, char c) {
  if (*pos < s.size() && s[*pos] == c) {
    ++*pos;
    return true;
  }
  return false;
}

}  // namespace

void PinLocalTimeZone() {
  if (std::getenv("TZ") == nullptr) ::setenv("TZ", ":/etc/localtime", 0);
  ::tzset();
}

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  std::string_view s = Trim(text);
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  bool german = s.find('.') != std::string_view::npos &&
                (s.find('-') == std::string_view::npos || s.find('.') < s.find('-'));
  if (german) {
    if (!ReadNumber(s, &pos, 1, 2, &d) || !Expect(s, &pos, '.') ||
        !ReadNumber(s, &pos, 1, 2, &mo) || !Expect(s, &pos, '.') ||
        !ReadNumber(s, &pos, 4, 4, &y)) {
      return std::nullopt;
    }
  } else {
    if (!ReadNumber(s, &pos, 4, 4, &y) || !Expect(s, &pos, '-') ||
        !ReadNumber(s, &pos, 2, 2, &mo) || !Expect(s, &pos, '-') ||
        !ReadNumber(s, &pos, 2, 2, &d)) {
      return std::nullopt;
    }
  }
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return std::nullopt;

  Timestamp t;
  if (pos == s.size()) {
    t.date_only = true;
    t.instant = LocalToInstant(y, mo, d, 0, 0, 0);
    t.local_date = y * 10000 + mo * 100 + d;
    t.canonical = DateText(y, mo, d);
    return t;
  }
  if (german) {
    if (!Expect(s, &pos, ' ')) return std::nullopt;
    while (pos < s.size() && s[pos] == ' ') ++pos;
  } else if (!Expect(s, &pos, 'T') && !Expect(s, &pos, 't') && !Expect(s, &pos, ' ')) {
    return std::nullopt;
  }
  // German times may have a one-digit hour: 9:30.
  if (!ReadNumber(s, &pos, german ? 1 : 2, 2, &h) || !Expect(s, &pos, ':') ||
      !ReadNumber(s, &pos, 2, 2, &mi)) {
    return std::nullopt;
  }
  if (Expect(s, &pos, ':')) {
    if (!ReadNumber(s, &pos, 2, 2, &sec)) return std::nullopt;
    if (Expect(s, &pos, '.') || Expect(s, &pos, ',')) {
      int frac = 0;
      if (!ReadNumber(s, &pos, 1, 9, &frac)) return std::nullopt;
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return std::nullopt;

  std::string offset_text;
  int offset_seconds = 0;
  bool has_offset = false;
  if (!german && pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
      has_offset = true;
      offset_text = "+00:00";
    } else if (s[pos] == '+' || s[pos] == '-') {
      int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int oh = 0, om = 0;
      if (!ReadNumber(s, &pos, 2, 2, &oh) || !Expect(s, &pos, ':') ||
          !ReadNumber(s, &pos, 2, 2, &om) || oh > 23 || om > 59) {
        return std::nullopt;
      }
      has_offset = true;
      offset_seconds = sign * (oh * 3600 + om * 60);
      offset_text = sign < 0 ? "-" : "+";
      AppendDigits(&offset_text, oh, 2);
      offset_text += ':';
      AppendDigits(&offset_text, om, 2);
    }
  }
  if (pos != s.size()) return std::nullopt;

  if (has_offset) {
    t.instant = DaysFromCivil(y, mo, d) * 86400 + int64_t{h} * 3600 + int64_t{mi} * 60 + sec -
                offset_seconds;
  } else {
    t.instant = LocalToInstant(y, mo, d, h, mi, sec);
  }
  t.local_date = LocalDateOf(t.instant);
  t.canonical = DateText(y, mo, d);
  t.canonical += 'T';
  AppendDigits(&t.canonical, h, 2);
  t.canonical += ':';
  AppendDigits(&t.canonical, mi, 2);
  t.canonical += ':';
  AppendDigits(&t.canonical, sec, 2);
  t.canonical += offset_text;
  return t;
}

int64_t StartOfNextDay(int32_t local_date) {
  int y = local_date / 10000, m = local_date / 100 % 100, d = local_date % 100;
  return LocalToInstant(y, m, d + 1, 0, 0, 0);  // mktime normalises the day
}

int64_t EndOfDayOrInstant(const Timestamp& t) {
  return t.date_only ? StartOfNextDay(t.local_date) - 1 : t.instant;
}

std::optional<Duration> ParseDuration(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.size() < 2) return std::nullopt;
  char unit = s.back();
  if (unit >= 'A' && unit <= 'Z') unit = static_cast<char>(unit - 'A' + 'a');
  if (unit != 'd' && unit != 'w' && unit != 'm' && unit != 'y') return std::nullopt;
  Duration d;
  d.unit = unit;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9' || d.count > 100000) return std::nullopt;
    d.count = d.count * 10 + (s[i] - '0');
  }
  return d;
}

int64_t AddDuration(int64_t start, const Duration& d) {
  if (d.unit == 'd') return start + d.count * 86400;
  if (d.unit == 'w') return start + d.count * 7 * 86400;
  std::time_t t = static_cast<std::time_t>(start);
  std::tm tm{};
  localtime_r(&t, &tm);
  int64_t months = d.unit == 'y' ? d.count * 12 : d.count;
  int64_t total = tm.tm_year * int64_t{12} + tm.tm_mon + months;
  int year = static_cast<int>(total / 12), mon = static_cast<int>(total % 12);
  int mday = std::min(tm.tm_mday, DaysInMonth(year + 1900, mon + 1));
  return LocalToInstant(year + 1900, mon + 1, mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string FormatLocal(int64_t instant) {
  std::time_t t = static_cast<std::time_t>(instant);
  std::tm tm{};
  localtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace vcsplit
