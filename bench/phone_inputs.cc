// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "phone_inputs.h"

#include <optional>
#include <set>

#include <phonenumbers/phonenumberutil.h>

namespace vcsplit::bench {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// The regions whose books vcsplit mostly sees get half of the inputs.
const char* const kFocusRegions[] = {"DE", "AT", "CH", "US", "GB", "FR", "IT", "NL"};

const PhoneNumberUtil::PhoneNumberType kTypes[] = {
    PhoneNumberUtil::FIXED_LINE,      PhoneNumberUtil::MOBILE,      PhoneNumberUtil::TOLL_FREE,
    PhoneNumberUtil::PREMIUM_RATE,    PhoneNumberUtil::SHARED_COST, PhoneNumberUtil::VOIP,
    PhoneNumberUtil::PERSONAL_NUMBER, PhoneNumberUtil::PAGER,       PhoneNumberUtil::UAN,
    PhoneNumberUtil::VOICEMAIL};

// Characters the fast path must leave to libphonenumber.
const char* const kJunk[] = {";",
                             "*",
                             "#",
                             "~",
                             "\t",
                             "a",
                             "x",
                             "X",
                             ",",
                             ",,",
                             "+",
                             "++",
                             "[",
                             "]",
                             "_",
                             ":",
                             "\"",
                             "'",
                             "\xEF\xBC\x90" /* fullwidth 0 */,
                             "\xC2\xA0" /* no-break space */,
                             "\xE2\x80\x93" /* en dash */,
                             "\xD9\xA3" /* arabic-indic 3 */,
                             "\xFF" /* invalid UTF-8 */};

const char* const kSeparators[] = {" ", "-", ".", "/", "(", ")", " - ", "  ", " / ", ") ", " ("};

}  // namespace

PhoneInputs::PhoneInputs(uint64_t seed) : state_(seed) {
  PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  std::set<std::string> regions;
  util->GetSupportedRegions(&regions);
  regions_.assign(regions.begin(), regions.end());
  std::set<int> codes;
  util->GetSupportedCallingCodes(&codes);
  codes_.assign(codes.begin(), codes.end());
  for (const std::string& region : regions_) {
    for (PhoneNumberUtil::PhoneNumberType type : kTypes) {
      PhoneNumber n;
      if (!util->GetExampleNumberForType(region, type, &n)) continue;
      std::string national;
      util->GetNationalSignificantNumber(n, &national);
      examples_.push_back({n.country_code(), national});
    }
  }
  std::set<int> global;
  util->GetSupportedGlobalNetworkCallingCodes(&global);
  for (int code : global) {
    PhoneNumber n;
    if (!util->GetExampleNumberForNonGeoEntity(code, &n)) continue;
    std::string national;
    util->GetNationalSignificantNumber(n, &national);
    examples_.push_back({n.country_code(), national});
  }
}

// splitmix64: small, fast and the same everywhere.
uint64_t PhoneInputs::Random() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string PhoneInputs::RandomDigits(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + Below(10)));
  return s;
}

// Puts separators between some of the digits, the way numbers get grouped.
std::string PhoneInputs::Scatter(const std::string& s) {
  std::string out;
  for (char c : s) {
    out.push_back(c);
    if (c >= '0' && c <= '9' && Below(5) == 0) out += kSeparators[Below(std::size(kSeparators))];
  }
  return out;
}

std::string PhoneInputs::Write(int code, const std::string& national, const std::string& region) {
  PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  std::string home;
  util->GetRegionCodeForCountryCode(code, &home);
  std::string ndd;
  util->GetNddPrefixForRegion(home, true, &ndd);
  std::string idd = region == "US" || region == "CA" ? "011" : "00";
  std::string cc = std::to_string(code);
  std::string n = Below(2) ? Scatter(national) : national;
  std::string written;
  switch (Below(14)) {
    case 0:
      written = "+" + cc + " " + n;
      break;
    case 1:
      written = "+" + cc + n;
      break;
    case 2:
      written = idd + cc + " " + n;
      break;
    case 3:
      written = (Below(2) ? "00" : "011") + std::string(" ") + cc + " " + n;
      break;
    case 4:
      written = "+" + cc + " (" + (ndd.empty() ? "0" : ndd) + ")" + n;
      break;
    case 5:
    case 6:
      written = ndd + n;
      break;
    case 7:
      written = n;
      break;
    case 8:
      written = cc + n;
      break;
    case 9:
      written = "(" + ndd + national.substr(0, 3) + ") " +
                (national.size() > 3 ? Scatter(national.substr(3)) : "");
      break;
    case 10:
      written = "tel:+" + cc + "-" + n + (Below(2) ? ";ext=12" : "");
      break;
    case 11: {
      static const char* const kExtensions[] = {" ext. 12", " x12",   " #12", ",,12",
                                                ";12",      " ext 5", "#"};
      written = "+" + cc + " " + n + kExtensions[Below(std::size(kExtensions))];
      break;
    }
    case 12: {
      // Letters for digits, as in vanity numbers.
      written = ndd + national;
      for (size_t i = written.size() > 4 ? written.size() - 4 : 0; i < written.size(); ++i) {
        if (Below(2)) written[i] = static_cast<char>('A' + Below(26));
      }
      break;
    }
    default: {
      written = (Below(2) ? "+" + cc + " " : ndd) + n;
      written.insert(Below(written.size() + 1), kJunk[Below(std::size(kJunk))]);
      break;
    }
  }
  if (Below(10) == 0) written = " " + written + (Below(2) ? " " : "  ");
  return written;
}

PhoneInput PhoneInputs::Next() {
  ++count_;
  PhoneInput in;
  in.region =
      Below(2) ? kFocusRegions[Below(std::size(kFocusRegions))] : regions_[Below(regions_.size())];
  size_t kind = Below(10);
  if (kind < 6 && !examples_.empty()) {
    Example e = examples_[Below(examples_.size())];
    switch (Below(10)) {
      case 0:
      case 1:
        e.national.resize(e.national.size() - std::min(e.national.size(), 1 + Below(3)));
        break;
      case 2:
      case 3:
        e.national += RandomDigits(1 + Below(3));
        break;
      case 4:
        if (!e.national.empty())
          e.national[Below(e.national.size())] = static_cast<char>('0' + Below(10));
        break;
      default:
        break;
    }
    in.value = Write(e.code, e.national, in.region);
  } else if (kind < 8) {
    // Every calling code in turn, with a random national part.
    int code = codes_[count_ % codes_.size()];
    in.value = Write(code, RandomDigits(1 + Below(15)), in.region);
  } else {
    static const char* const kPrefixes[] = {"", "+", "0", "00", "011", "+0", "(0)", "0 0"};
    in.value = kPrefixes[Below(std::size(kPrefixes))] + Scatter(RandomDigits(1 + Below(20)));
    if (Below(20) == 0) in.value = Below(2) ? " " : "-/-";
  }
  return in;
}

std::string NormalizerPair::Compare(const std::string& value, bool* has_key) {
  std::optional<std::string> got = fast.ToE164(value);
  std::optional<std::string> want = reference.ToE164(value);
  if (has_key) *has_key = want.has_value();
  if (got == want) return "";
  return "fast path " + got.value_or("(no key)") + ", libphonenumber " + want.value_or("(no key)");
}

}  // namespace vcsplit::bench
