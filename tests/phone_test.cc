// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include <catch2/catch.hpp>

#include "phone/keys.h"

namespace vcsplit {
namespace {

TEST_CASE("phone: written forms become E.164 with libphonenumber", "[phone]") {
  PhoneNormalizer de("DE");
  CHECK(de.ToE164("0171 1234567") == "+491711234567");
  CHECK(de.ToE164("+49 (0)171 1234567") == "+491711234567");
  CHECK(de.ToE164("0049 171/1234567") == "+491711234567");
  CHECK(de.ToE164("(030) 12 34 56") == "+4930123456");
  CHECK(de.ToE164("+44 20 7946 0958") == "+442079460958");
  // No validity check: a too-short number still gives a key (SPEC §4.4).
  CHECK(de.ToE164("+49 171") == "+49171");
}

TEST_CASE("phone: the region applies to numbers without a country code", "[phone]") {
  PhoneNormalizer at("AT");
  CHECK(at.ToE164("0664 1234567") == "+436641234567");
  PhoneNormalizer us("US");
  CHECK(us.ToE164("(202) 555-0147") == "+12025550147");
}

TEST_CASE("phone: tel: URIs give their number, extensions are dropped", "[phone]") {
  PhoneNormalizer de("DE");
  CHECK(de.ToE164("tel:+1-202-555-0147;ext=12") == "+12025550147");
  CHECK(de.ToE164("TEL:+49-30-1234") == "+49301234");
  CHECK(de.ToE164("030 123456 ext. 99") == "+4930123456");
}

TEST_CASE("phone: values that are not numbers give no key", "[phone]") {
  PhoneNormalizer de("DE");
  CHECK_FALSE(de.ToE164("call me"));
  CHECK_FALSE(de.ToE164(""));
  CHECK_FALSE(de.ToE164("tel:"));
}

TEST_CASE("phone: only regions libphonenumber knows are accepted", "[phone]") {
  CHECK(PhoneNormalizer::IsKnownRegion("DE"));
  CHECK(PhoneNormalizer::IsKnownRegion("CH"));
  CHECK_FALSE(PhoneNormalizer::IsKnownRegion("XX"));
  CHECK_FALSE(PhoneNormalizer::IsKnownRegion("de"));
}

TEST_CASE("keys: e-mails are trimmed and lower-cased, UIDs taken exactly", "[phone]") {
  CHECK(NormalizeEmail("  Anna.Schmidt@Example.DE ") == "anna.schmidt@example.de");
  CHECK(NormalizeEmail("J\xC3\x9CRGEN@example.de") == "j\xC3\xBCrgen@example.de");
  CHECK(NormalizeUid(" urn:uuid:AbC ") == "urn:uuid:AbC");
}

TEST_CASE("keys: a person's keys are typed, deduplicated, and bad numbers reported", "[phone]") {
  Person p;
  p.line = 7;
  p.tels = {"0171 1234567", "+49 171 1234567", "n/a"};
  p.tel_lines = {8, 9, 10};
  p.emails = {"A@B.de", "a@b.de"};
  p.uids = {"+491711234567"};
  PhoneNormalizer de("DE");
  CollectingReporter rep;
  std::vector<Key> keys = PersonKeys(p, &de, "book.vcf", &rep);
  REQUIRE(keys.size() == 3);
  CHECK(keys[0] == Key{KeyType::kPhone, "+491711234567"});
  CHECK(keys[1] == Key{KeyType::kEmail, "a@b.de"});
  CHECK(keys[2] == Key{KeyType::kUid, "+491711234567"});
  CHECK_FALSE(keys[0] == keys[2]);  // a UID never matches a phone
  REQUIRE(rep.diagnostics().size() == 1);
  CHECK(FormatDiagnostic(rep.diagnostics()[0]) ==
        "book.vcf:10: phone number cannot be parsed; not used as a key");
}

}  // namespace
}  // namespace vcsplit
