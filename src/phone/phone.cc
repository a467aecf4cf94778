// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include <algorithm>
#include <mutex>
#include <set>

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumberutil.h>

#include <fmt/format.h>

#include "phone/fast_e164.h"
#include "phone/keys.h"
#include "util/text.h"
#include "vcsplit/error.h"

namespace vcsplit {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr size_t kMaxMemo = 50000;

PhoneNumberUtil* Util() {
  static std::once_flag once;
  std::call_once(once, [] {
    // libphonenumber logs parse failures to stderr by default; they are ours
    // to report.
    PhoneNumberUtil::GetInstance()->SetLogger(new i18n::phonenumbers::NullLogger());
  });
  return PhoneNumberUtil::GetInstance();
}

}  // namespace

const char* KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kPhone:
      return "phone";
    case KeyType::kEmail:
      return "email";
    case KeyType::kUid:
      return "uid";
  }
  return "?";
}

std::string Key::ToString() const { return std::string(KeyTypeName(type)) + ":" + value; }

PhoneNormalizer::PhoneNormalizer(std::string region, Engine engine) : region_(std::move(region)) {
  Util();
  if (engine == Engine::kFast) fast_ = FastE164::Create(region_);
}
PhoneNormalizer::~PhoneNormalizer() = default;

bool PhoneNormalizer::IsKnownRegion(const std::string& region) {
  std::set<std::string> regions;
  Util()->GetSupportedRegions(&regions);
  return regions.count(region) > 0;
}

void PhoneNormalizer::CheckRegion(const std::string& region) {
  if (!IsKnownRegion(region)) ThrowUsage(fmt::format("--region: unknown region '{}'", region));
}

bool PhoneNormalizer::IsValid(const std::string& e164) {
  PhoneNumber number;
  if (Util()->Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return false;
  return Util()->IsValidNumber(number);
}

void RegionCheck::Add(std::string_view written, const std::string& e164) {
  // Written with its country code when its digits end in all the digits of
  // the E.164 form ("+49 171 ...", "0049 171 ..."); a national form has a
  // trunk prefix instead of the code ("0171 ...").
  std::string digits;
  for (char c : written) {
    if (c >= '0' && c <= '9') digits += c;
  }
  std::string_view code_and_number = std::string_view(e164).substr(1);
  bool with_code = digits.size() >= code_and_number.size() &&
                   digits.compare(digits.size() - code_and_number.size(), std::string::npos,
                                  code_and_number) == 0;
  if (with_code || checked_ >= kMaxChecked) return;
  ++checked_;
  if (!PhoneNormalizer::IsValid(e164)) ++invalid_;
}

std::string RegionCheck::Warning(const std::string& region) const {
  if (invalid_ < kMinInvalid || 2 * invalid_ <= checked_) return "";
  return fmt::format(
      "{} of {} numbers without country code are not valid in region {}; is --region right?",
      invalid_, checked_, region);
}

std::optional<std::string> PhoneNormalizer::ToE164(std::string_view written) {
  std::string_view v = Trim(written);
  if (StartsWithIgnoreCase(v, "tel:")) {
    v.remove_prefix(4);
    v = v.substr(0, v.find(';'));  // ;ext=, ;phone-context= and other URI parameters
  }
  if (Trim(v).empty()) return std::nullopt;
  if (fast_) {
    std::string e164;
    if (fast_->ToE164(v, &e164) == FastE164::Outcome::kNumber) {
      ++fast_count_;
      return e164;
    }
  }
  ++library_count_;
  std::string key(v);
  auto it = memo_.find(key);
  if (it != memo_.end()) return it->second;
  ++parse_count_;
  std::optional<std::string> result;
  PhoneNumber number;
  if (Util()->Parse(key, region_, &number) == PhoneNumberUtil::NO_PARSING_ERROR) {
    std::string e164;
    Util()->Format(number, PhoneNumberUtil::E164, &e164);
    result = std::move(e164);
  }
  // A bounded memo: real books repeat numbers (switchboards, family lines)
  // close together; memory must not grow with the input.
  if (memo_.size() >= kMaxMemo) memo_.clear();
  memo_.emplace(std::move(key), result);
  return result;
}

std::string PhoneNormalizer::ToInternational(const std::string& e164) {
  PhoneNumber number;
  if (Util()->Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return e164;
  std::string out;
  Util()->Format(number, PhoneNumberUtil::INTERNATIONAL, &out);
  return out;
}

std::string NormalizeEmail(std::string_view written) {
  std::string_view v = Trim(written);
  if (StartsWithIgnoreCase(v, "mailto:")) v.remove_prefix(7);
  return Utf8Lower(Trim(v));
}

std::string NormalizeUid(std::string_view written) { return std::string(Trim(written)); }

std::vector<Key> PersonKeys(const Person& person, PhoneNormalizer* phones,
                            const std::string& display, Reporter* reporter, RegionCheck* region) {
  std::vector<Key> keys;
  auto add = [&keys](KeyType type, std::string value) {
    Key k{type, std::move(value)};
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(std::move(k));
  };
  for (size_t i = 0; i < person.tels.size(); ++i) {
    const std::string& tel = person.tels[i];
    if (Trim(tel).empty()) continue;
    std::optional<std::string> e164 = phones->ToE164(tel);
    if (e164) {
      if (region) region->Add(tel, *e164);
      add(KeyType::kPhone, *e164);
    } else {
      uint64_t line = i < person.tel_lines.size() ? person.tel_lines[i] : person.line;
      reporter->Warn(display, line, "phone number cannot be parsed; not used as a key");
    }
  }
  for (const std::string& email : person.emails) {
    std::string e = NormalizeEmail(email);
    if (!e.empty()) add(KeyType::kEmail, std::move(e));
  }
  for (const std::string& uid : person.uids) {
    std::string u = NormalizeUid(uid);
    if (!u.empty()) add(KeyType::kUid, std::move(u));
  }
  return keys;
}

}  // namespace vcsplit
