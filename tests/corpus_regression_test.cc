// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Real-world files whose reading once went wrong in other tools: read with
// the right card count and keys.

#include <catch2/catch.hpp>

#include "test_util.h"
#include "util/text.h"
#include "vcard_test_util.h"

namespace vcsplit {
namespace {

std::string Corpus(const std::string& rel) {
  return test::ReadFile(test::SourcePath("../shared/corpus/vcard/" + rel));
}

std::vector<std::string> KeysIn(const Person& p, const std::string& region) {
  PhoneNormalizer phones(region);
  NullReporter quiet;
  std::vector<std::string> out;
  for (const Key& k : PersonKeys(p, &phones, "t", &quiet)) out.push_back(k.ToString());
  return out;
}

TEST_CASE("regression: gammu's Sony Ericsson export has 499 cards", "[regression]") {
  Read r = ReadAll(Corpus("gammu-gammu/tests__vcards__se-3.vcf"));
  REQUIRE(r.chunks.size() == 499);
  for (const Chunk& c : r.chunks) CHECK(c.readable());
  // Quoted-printable UTF-8 name with a soft break in the middle of a letter pair.
  CHECK(r.chunks[0].people[0].n ==
        "(\xD0\x9A\xD0\xB0\xD1\x80\xD0\xBF\xD0\xB0\xD1\x82\xD0\xB8) "
        "\xD0\x86\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBD\xD0\xB0");
  CHECK(Keys(r.chunks[0].people[0]) == std::vector<std::string>{"phone:+380984437285"});
  CHECK(Keys(r.chunks[1].people[0]) == std::vector<std::string>{"phone:+380983973556"});
}

TEST_CASE("regression: Android 2.1 nested cards stay inside their parent", "[regression]") {
  Read r =
      ReadAll(Corpus("CyanogenMod-android_frameworks_opt_vcard/tests__res__raw__v21_nest.vcf"));
  REQUIRE(r.chunks.size() == 1);
  REQUIRE(r.chunks[0].people.size() == 3);
  CHECK(r.chunks[0].people[0].n == "parent");
  CHECK(r.chunks[0].people[1].n == "nest1");
  CHECK(r.chunks[0].people[2].n == "nest2");
  CHECK(r.chunks[0].people[2].parent == 0);
  CHECK(r.chunks[0].people[0].tels == std::vector<std::string>{"1"});
}

TEST_CASE("regression: Android 2.1 complicated card", "[regression]") {
  Read r = ReadAll(
      Corpus("CyanogenMod-android_frameworks_opt_vcard/tests__res__raw__v21_complicated.vcf"));
  REQUIRE(r.chunks.size() == 1);
  const Person& p = r.chunks[0].people[0];
  CHECK(p.fn == "Joe Due");
  CHECK(p.tels.size() == 5);
  CHECK(KeysIn(p, "US") ==
        std::vector<std::string>{"phone:+11115551212", "phone:+14045551212", "phone:+10311111111",
                                 "phone:+10322222222", "phone:+10333333333",
                                 "email:forrestgump@walladalla.com", "email:cell@example.com"});
}

TEST_CASE("regression: Android 2.1 Shift_JIS names", "[regression]") {
  Read r = ReadAll(
      Corpus("CyanogenMod-android_frameworks_opt_vcard/tests__res__raw__v21_japanese_1.vcf"));
  REQUIRE(r.chunks.size() == 1);
  // 安藤ロイド
  CHECK(Trim(r.chunks[0].people[0].n) ==
        "\xE5\xAE\x89\xE8\x97\xA4\xE3\x83\xAD\xE3\x82\xA4\xE3\x83\x89");
}

TEST_CASE("regression: ez-vcard's John Doe exports", "[regression]") {
  for (const char* app : {"ANDROID", "BLACK_BERRY", "EVOLUTION", "GMAIL", "IPHONE", "LOTUS_NOTES",
                          "MAC_ADDRESS_BOOK", "MS_OUTLOOK"}) {
    INFO(app);
    Read r = ReadAll(Corpus(std::string("mangstadt-ez-vcard/src__test__resources__ezvcard__io__"
                                        "text__John_Doe_") +
                            app + ".vcf"));
    REQUIRE_FALSE(r.chunks.empty());
    CHECK(r.chunks[0].readable());
    CHECK_FALSE(KeysIn(r.chunks[0].people[0], "US").empty());
  }
  Read iphone = ReadAll(
      Corpus("mangstadt-ez-vcard/src__test__resources__ezvcard__io__text__John_Doe_IPHONE.vcf"));
  std::vector<std::string> keys = KeysIn(iphone.chunks[0].people[0], "US");
  CHECK(std::find(keys.begin(), keys.end(), "email:john.doe@ibm.com") != keys.end());
  CHECK(std::find(keys.begin(), keys.end(), "phone:+19055551234") != keys.end());
  CHECK(std::find(keys.begin(), keys.end(), "phone:+19052221234") != keys.end());
}

TEST_CASE("regression: EDS files without BEGIN or with END on its own are rejected",
          "[regression]") {
  Read r = ReadAll(Corpus("GNOME-evolution-data-server/tests__libebook__vcard__7.vcf"));
  REQUIRE(r.chunks.size() == 1);
  CHECK(r.chunks[0].kind == ChunkKind::kJunk);
  Read se2 = ReadAll(Corpus("gammu-gammu/tests__vcards__se-2.vcf"));
  REQUIRE(se2.chunks.size() == 1);
  CHECK(se2.chunks[0].kind == ChunkKind::kTruncated);  // "END:VCARD." is not an END
}

}  // namespace
}  // namespace vcsplit
