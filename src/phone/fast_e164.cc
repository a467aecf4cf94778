// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The steps below are libphonenumber's Parse (8.12), reduced to the inputs
// the fast path accepts. For such an input, ExtractPossibleNumber drops the
// punctuation before the first '+' or digit, IsViablePhoneNumber accepts
// any mix of that punctuation with three or more digits, no extension
// pattern can match (each needs a letter, '#', '~', ',' or ';'), and
// Normalize keeps just the digits: what follows depends only on the leading
// '+', the digit string and the metadata.

#include "phone/fast_e164.h"

#include <map>
#include <mutex>

#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "phone/digit_pattern.h"

// libphonenumber's compiled-in metadata, the bytes its PhoneNumberUtil
// loads. Exported by the library but not declared in its installed headers.
namespace i18n::phonenumbers {
int metadata_size();
const void* metadata_get();
}  // namespace i18n::phonenumbers

namespace vcsplit {

namespace {

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr size_t kMinLengthForNsn = 2;
constexpr size_t kMaxLengthForNsn = 17;
constexpr size_t kMaxLengthCountryCode = 3;
constexpr int kMaxCallingCode = 999;
constexpr size_t kMaxFastInput = 64;

struct Metadata {
  PhoneMetadataCollection collection;
  std::map<std::string, const PhoneMetadata*> by_region;
  std::map<int, const PhoneMetadata*> non_geographic;  // region "001"
  bool ok = false;
};

const Metadata& LoadMetadata() {
  static Metadata* metadata = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    metadata = new Metadata();
    int size = i18n::phonenumbers::metadata_size();
    if (size <= 0 ||
        !metadata->collection.ParseFromArray(i18n::phonenumbers::metadata_get(), size)) {
      return;
    }
    for (const PhoneMetadata& m : metadata->collection.metadata()) {
      if (m.id() == "001") {
        metadata->non_geographic[m.country_code()] = &m;
      } else {
        metadata->by_region[m.id()] = &m;
      }
    }
    metadata->ok = !metadata->by_region.empty();
  });
  return *metadata;
}

bool IsDigitString(const std::string& s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

enum class Length { kPossible, kLocalOnly, kTooShort, kTooLong, kInvalid, kUnknown };

}  // namespace

struct FastE164::Plan {
  int code = 0;
  std::string code_string;
  std::string idd;  // international prefix, when it is a plain digit string
  bool idd_literal = false;
  std::string national_prefix;  // national prefix for parsing
  bool national_prefix_literal = false;
  std::unique_ptr<DigitPattern> general;  // null: no pattern or an unknown one
  bool general_empty = false;             // libphonenumber never matches an empty pattern
  std::vector<int> lengths;
  std::vector<int> local_lengths;

  explicit Plan(const PhoneMetadata& m)
      : code(m.country_code()),
        code_string(std::to_string(m.country_code())),
        idd(m.international_prefix()),
        idd_literal(!idd.empty() && IsDigitString(idd)),
        national_prefix(m.national_prefix_for_parsing()),
        national_prefix_literal(IsDigitString(national_prefix) &&
                                m.national_prefix_transform_rule().empty()),
        general_empty(m.general_desc().national_number_pattern().empty()),
        lengths(m.general_desc().possible_length().begin(),
                m.general_desc().possible_length().end()),
        local_lengths(m.general_desc().possible_length_local_only().begin(),
                      m.general_desc().possible_length_local_only().end()) {
    if (!general_empty) general = DigitPattern::Compile(m.general_desc().national_number_pattern());
  }

  // libphonenumber's TestNumberLength for the general description.
  Length TestLength(size_t size) const {
    if (lengths.empty()) return Length::kUnknown;
    if (lengths.front() == -1) return Length::kInvalid;
    int actual = static_cast<int>(size);
    for (int l : local_lengths) {
      if (l == actual) return Length::kLocalOnly;
    }
    if (lengths.front() == actual) return Length::kPossible;
    if (lengths.front() > actual) return Length::kTooShort;
    if (lengths.back() < actual) return Length::kTooLong;
    for (size_t i = 1; i < lengths.size(); ++i) {
      if (lengths[i] == actual) return Length::kPossible;
    }
    return Length::kInvalid;
  }
};

FastE164::~FastE164() = default;

std::unique_ptr<FastE164> FastE164::Create(const std::string& default_region) {
  const Metadata& metadata = LoadMetadata();
  if (!metadata.ok) return nullptr;
  auto found = metadata.by_region.find(default_region);
  if (found == metadata.by_region.end()) return nullptr;
  std::unique_ptr<FastE164> fast(new FastE164());
  fast->plans_.resize(kMaxCallingCode + 1);
  fast->code_known_.assign(kMaxCallingCode + 1, 0);
  PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  for (int code = 1; code <= kMaxCallingCode; ++code) {
    std::string region;
    util->GetRegionCodeForCountryCode(code, &region);
    fast->code_known_[static_cast<size_t>(code)] = region != "ZZ" ? 1 : 0;
  }
  fast->default_owned_ = std::make_unique<Plan>(*found->second);
  fast->default_plan_ = fast->default_owned_.get();
  return fast;
}

// The metadata libphonenumber uses for numbers with this calling code: that
// of the code's main region (GetRegionCodeForCountryCode), or of the
// non-geographic entity.
FastE164::Plan* FastE164::PlanForCode(int code) {
  if (code <= 0 || code > kMaxCallingCode || !code_known_[static_cast<size_t>(code)])
    return nullptr;
  std::unique_ptr<Plan>& plan = plans_[static_cast<size_t>(code)];
  if (!plan) {
    const Metadata& metadata = LoadMetadata();
    std::string region;
    PhoneNumberUtil::GetInstance()->GetRegionCodeForCountryCode(code, &region);
    const PhoneMetadata* m = nullptr;
    if (region == "001") {
      auto it = metadata.non_geographic.find(code);
      if (it != metadata.non_geographic.end()) m = it->second;
    } else {
      auto it = metadata.by_region.find(region);
      if (it != metadata.by_region.end()) m = it->second;
    }
    if (m == nullptr || m->country_code() != code) return nullptr;
    plan = std::make_unique<Plan>(*m);
  }
  return plan.get();
}

// libphonenumber's ExtractCountryCode: the shortest leading 1-3 digits that
// are a calling code it knows, with the digits after it in *national; 0
// when there are none.
int FastE164::ExtractCountryCode(std::string_view digits, std::string* national) const {
  if (digits.empty() || digits[0] == '0') return 0;
  int code = 0;
  for (size_t i = 0; i < kMaxLengthCountryCode && i < digits.size(); ++i) {
    code = code * 10 + (digits[i] - '0');
    if (code_known_[static_cast<size_t>(code)]) {
      national->assign(digits.substr(i + 1));
      return code;
    }
  }
  return 0;
}

bool FastE164::Match(Plan* plan, std::string_view number, bool* matched) {
  if (plan->general_empty) {
    *matched = false;
    return true;
  }
  if (!plan->general) return false;
  *matched = plan->general->FullMatch(number);
  return true;
}

// libphonenumber's MaybeStripNationalPrefixAndCarrierCode for a national
// prefix that is a plain digit string without a transform rule: the prefix
// is removed unless the number was a viable national number before and is
// not after.
FastE164::Strip FastE164::StripNationalPrefix(Plan* plan, std::string* number) {
  if (number->empty() || plan->national_prefix.empty()) return Strip::kKept;
  if (!plan->national_prefix_literal) return Strip::kUnsure;
  if (!StartsWith(*number, plan->national_prefix)) return Strip::kKept;
  std::string_view stripped = std::string_view(*number).substr(plan->national_prefix.size());
  bool viable = false;
  if (!Match(plan, *number, &viable)) return Strip::kUnsure;
  if (viable) {
    bool still_viable = false;
    if (!Match(plan, stripped, &still_viable)) return Strip::kUnsure;
    if (!still_viable) return Strip::kKept;
  }
  number->erase(0, plan->national_prefix.size());
  return Strip::kStripped;
}

FastE164::Outcome FastE164::ToE164(std::string_view value, std::string* e164) {
  if (value.size() > kMaxFastInput) return Outcome::kUnsure;
  std::string digits;
  bool started = false;
  bool plus = false;
  for (char c : value) {
    if (c >= '0' && c <= '9') {
      started = true;
      digits.push_back(c);
    } else if (c == '+') {
      if (started) return Outcome::kUnsure;  // a '+' after the start, or "++"
      started = true;
      plus = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
      return Outcome::kUnsure;
    }
  }
  // Two digits alone are viable, two with punctuation are not: leave both,
  // and anything shorter, to libphonenumber.
  if (digits.size() < 3) return Outcome::kUnsure;

  // MaybeExtractCountryCode.
  int code = 0;
  std::string national;
  Plan* def = default_plan_;
  if (plus) {
    code = ExtractCountryCode(digits, &national);
    if (code == 0) return Outcome::kUnsure;  // libphonenumber retries without the '+'
  } else {
    if (!def->idd_literal) return Outcome::kUnsure;
    // ParsePrefixAsIdd: strip the international prefix unless a 0 follows.
    if (StartsWith(digits, def->idd) &&
        !(digits.size() > def->idd.size() && digits[def->idd.size()] == '0')) {
      std::string_view rest = std::string_view(digits).substr(def->idd.size());
      if (rest.size() <= kMinLengthForNsn) return Outcome::kUnsure;  // TOO_SHORT_AFTER_IDD
      code = ExtractCountryCode(rest, &national);
      if (code == 0) return Outcome::kUnsure;  // INVALID_COUNTRY_CODE
    } else if (StartsWith(digits, def->code_string)) {
      // The default region's calling code without a prefix: taken as one if
      // the number matches the region's pattern only without it, or is too
      // long with it.
      std::string potential = digits.substr(def->code_string.size());
      if (StripNationalPrefix(def, &potential) == Strip::kUnsure) return Outcome::kUnsure;
      bool whole = false;
      bool rest = false;
      if (!Match(def, digits, &whole) || !Match(def, potential, &rest)) return Outcome::kUnsure;
      Length length = def->TestLength(digits.size());
      if (length == Length::kUnknown) return Outcome::kUnsure;
      if ((!whole && rest) || length == Length::kTooLong) {
        code = def->code;
        national = std::move(potential);
      }
    }
    if (code == 0) national = digits;
  }

  // ParseHelper: the metadata of the number's calling code, else the
  // default region's.
  Plan* plan = def;
  if (code != 0) {
    plan = PlanForCode(code);
    if (plan == nullptr) return Outcome::kUnsure;
  } else {
    code = def->code;
  }
  if (national.size() < kMinLengthForNsn) return Outcome::kUnsure;  // TOO_SHORT_NSN
  std::string potential = national;
  if (StripNationalPrefix(plan, &potential) == Strip::kUnsure) return Outcome::kUnsure;
  Length length = plan->TestLength(potential.size());
  if (length == Length::kUnknown) return Outcome::kUnsure;
  if (length != Length::kTooShort && length != Length::kLocalOnly && length != Length::kInvalid) {
    national = std::move(potential);
  }
  if (national.size() < kMinLengthForNsn || national.size() > kMaxLengthForNsn) {
    return Outcome::kUnsure;  // TOO_SHORT_NSN, TOO_LONG_NSN
  }
  // Format(E164): '+', the calling code, the national significant number
  // with its leading zeros.
  e164->assign("+");
  e164->append(std::to_string(code));
  e164->append(national);
  return Outcome::kNumber;
}

}  // namespace vcsplit
