// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Matching keys (SPEC §4.4): a phone number in E.164, a trimmed lower-cased
// e-mail address, or a UID taken exactly. Keys are typed, so a UID never
// matches a ledger phone. The book and the ledger both build keys here, so
// they are always normalised the same way.

#ifndef VCSPLIT_KEYS_H_
#define VCSPLIT_KEYS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "book/card.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

enum class KeyType { kPhone, kEmail, kUid };

const char* KeyTypeName(KeyType type);  // "phone", "email", "uid"

struct Key {
  KeyType type = KeyType::kPhone;
  std::string value;

  bool operator==(const Key& o) const { return type == o.type && value == o.value; }
  bool operator<(const Key& o) const { return type != o.type ? type < o.type : value < o.value; }
  // "phone:+49301234", for reports and explanations.
  std::string ToString() const;
};

struct KeyHash {
  size_t operator()(const Key& k) const {
    return std::hash<std::string>()(k.value) * 3 + static_cast<size_t>(k.type);
  }
};

class FastE164;

// Turns written phone numbers into E.164 exactly as libphonenumber does
// (Parse with the default region, then Format E164; no validity check). The
// common written forms take a fast path (FastE164) that gives the same
// result without libphonenumber's regular expressions; everything else goes
// to libphonenumber, and those results are memoised. Not thread-safe.
class PhoneNormalizer {
 public:
  enum class Engine { kFast, kLibphonenumberOnly };

  // `region` is an ISO 3166 alpha-2 code libphonenumber knows (see
  // IsKnownRegion). kLibphonenumberOnly is the reference the fast path is
  // tested against.
  explicit PhoneNormalizer(std::string region, Engine engine = Engine::kFast);
  ~PhoneNormalizer();

  static bool IsKnownRegion(const std::string& region);
  // Throws FatalError(kExitUsage) "--region: unknown region 'XX'" unless
  // IsKnownRegion(region).
  static void CheckRegion(const std::string& region);

  // Whether `e164` is a valid number (libphonenumber IsValidNumber).
  static bool IsValid(const std::string& e164);

  // The E.164 form, or nullopt when libphonenumber cannot parse the value.
  // A `tel:` URI gives its number; URI parameters and extensions are dropped.
  std::optional<std::string> ToE164(std::string_view written);

  // "+49 171 1234567": an E.164 number in international format, the form
  // spreadsheets keep as text. Returns the input when it cannot be parsed.
  static std::string ToInternational(const std::string& e164);

  const std::string& region() const { return region_; }

  // How many values took the fast path, how many went to libphonenumber
  // (memo hits included), and how many libphonenumber actually parsed.
  uint64_t fast_count() const { return fast_count_; }
  uint64_t library_count() const { return library_count_; }
  uint64_t parse_count() const { return parse_count_; }

 private:
  std::string region_;
  std::unique_ptr<FastE164> fast_;
  uint64_t fast_count_ = 0;
  uint64_t library_count_ = 0;
  uint64_t parse_count_ = 0;
  std::unordered_map<std::string, std::optional<std::string>> memo_;
};

std::string NormalizeEmail(std::string_view written);
std::string NormalizeUid(std::string_view written);

// The keys of one person, deduplicated, in first-seen order. A TEL that
// cannot be parsed is not a key and is reported as a warning at its line.
// The region warning of SPEC §4.4, for one book or ledger: counts the
// numbers written without a country code and, of the first kMaxChecked of
// them, those that are not valid numbers of the region.
class RegionCheck {
 public:
  // libphonenumber's IsValidNumber costs about 30 microseconds: a sample of
  // 500 numbers says as much about the region as the whole book, in 15 ms.
  static constexpr uint64_t kMaxChecked = 500;
  static constexpr uint64_t kMinInvalid = 5;

  // A number written as `written` that normalised to `e164`.
  void Add(std::string_view written, const std::string& e164);
  // "12 of 12 numbers without country code are not valid in region DE; is
  // --region right?", or empty when at most half (or fewer than 5) are not.
  std::string Warning(const std::string& region) const;

 private:
  uint64_t checked_ = 0;
  uint64_t invalid_ = 0;
};

// The keys of `person` (SPEC §4.4); a number that cannot be parsed is
// reported and left out. Numbers are counted in `region` when given.
std::vector<Key> PersonKeys(const Person& person, PhoneNormalizer* phones,
                            const std::string& display, Reporter* reporter,
                            RegionCheck* region = nullptr);

}  // namespace vcsplit

#endif  // VCSPLIT_KEYS_H_
