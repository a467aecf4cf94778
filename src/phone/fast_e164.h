// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// A fast path for libphonenumber's Parse(value, region) + Format(E164).
//
// It follows libphonenumber's parsing steps for the forms people actually
// write (ASCII digits, spaces, - . / ( ) and one leading +) using
// libphonenumber's own metadata (calling codes, international and national
// prefixes, possible lengths and the general number pattern, matched by
// DigitPattern), and answers only where every step is certain. Everything
// else (letters, extensions, other characters, regions whose prefixes are
// regular expressions or carry transform rules, any error path) is kUnsure,
// and the caller asks libphonenumber. Equality with libphonenumber is proved
// by the differential tests and bench/phone-diff, not assumed.

#ifndef VCSPLIT_FAST_E164_H_
#define VCSPLIT_FAST_E164_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vcsplit {

class FastE164 {
 public:
  enum class Outcome { kNumber, kUnsure };

  // Null when libphonenumber's metadata cannot be read or has no entry for
  // `default_region`; callers then use libphonenumber for everything.
  static std::unique_ptr<FastE164> Create(const std::string& default_region);
  ~FastE164();

  // kNumber: *e164 is what libphonenumber gives for `value`. kUnsure: ask
  // libphonenumber. `value` is what would be passed to Parse.
  Outcome ToE164(std::string_view value, std::string* e164);

 private:
  struct Plan;  // per calling code: prefixes, lengths, pattern
  FastE164() = default;
  Plan* PlanForCode(int code);
  enum class Strip { kKept, kStripped, kUnsure };
  Strip StripNationalPrefix(Plan* plan, std::string* number);
  int ExtractCountryCode(std::string_view digits, std::string* national) const;
  bool Match(Plan* plan, std::string_view number, bool* matched);

  std::unique_ptr<Plan> default_owned_;
  Plan* default_plan_ = nullptr;
  std::vector<std::unique_ptr<Plan>> plans_;  // indexed by calling code, built lazily
  std::vector<int> code_known_;               // 1 when a calling code has a region
};

}  // namespace vcsplit

#endif  // VCSPLIT_FAST_E164_H_
