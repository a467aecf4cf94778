// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The fast E.164 path must give exactly what libphonenumber gives (SPEC
// §4.4): a different key could put a contact in the native book. These
// tests compare the normaliser with libphonenumber alone on the numbers of
// the real-world corpus, on generated numbers of every calling code and
// region, and on the edge cases of libphonenumber's parsing; they also check
// that the fast path really answers the common forms, so a change that sends
// everything to libphonenumber is noticed too.

#include <dirent.h>

#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "csv/csv_book.h"
#include "io/source.h"
#include "phone/keys.h"
#include "phone_inputs.h"
#include "test_util.h"
#include "vcard/vcard_reader.h"
#include "vcsplit/error.h"

namespace vcsplit {
namespace {

using test::ReadFile;

const char* const kRegions[] = {"DE", "AT", "CH", "US", "GB", "FR",
                                "IT", "NL", "CA", "RU", "AU", "BR"};

using Pair = bench::NormalizerPair;

// Every difference is reported with its input; returns how many there were.
size_t CountDifferences(Pair* p, const std::string& region, const std::string& value) {
  std::string difference = p->Compare(value);
  if (difference.empty()) return 0;
  UNSCOPED_INFO("region " << region << ", value \"" << value << "\": " << difference);
  return 1;
}

void ListFiles(const std::string& dir, std::vector<std::string>* out) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string path = dir + "/" + name;
    if (e->d_type == DT_DIR) {
      ListFiles(path, out);
    } else {
      out->push_back(path);
    }
  }
  closedir(d);
}

bool EndsWith(const std::string& s, const std::string& end) {
  return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

// The TEL values of every vCard and CSV file of the corpus.
std::set<std::string> CorpusNumbers() {
  std::vector<std::string> files;
  ListFiles(test::SourcePath("../shared/corpus"), &files);
  std::set<std::string> numbers;
  NullReporter quiet;
  for (const std::string& path : files) {
    bool vcard = EndsWith(path, ".vcf") || EndsWith(path, ".vcard");
    if (!vcard && !EndsWith(path, ".csv")) continue;
    StringSource src(ReadFile(path));
    try {
      std::unique_ptr<ChunkReader> reader;
      if (vcard) {
        reader = std::make_unique<VcardReader>(&src, "corpus", &quiet);
      } else {
        auto csv = std::make_unique<CsvBookReader>(&src, "corpus", &quiet, CsvBookOptions());
        csv->Start();
        reader = std::move(csv);
      }
      Chunk chunk;
      while (reader->Next(&chunk)) {
        for (const Person& p : chunk.people) numbers.insert(p.tels.begin(), p.tels.end());
      }
    } catch (const FatalError&) {
      // A CSV file without key columns holds no numbers.
    }
  }
  return numbers;
}

TEST_CASE("fast E.164: equal to libphonenumber on every number of the corpus", "[phone][corpus]") {
  std::set<std::string> numbers = CorpusNumbers();
  INFO("the corpus must be at ../shared/corpus beside the project");
  REQUIRE(numbers.size() > 100);
  size_t differences = 0;
  uint64_t fast = 0;
  for (const char* region : kRegions) {
    Pair p(region);
    for (const std::string& n : numbers) differences += CountDifferences(&p, region, n);
    fast += p.fast.fast_count();
  }
  CHECK(differences == 0);
  // Most real numbers are plain digits and separators.
  CHECK(fast > numbers.size() * std::size(kRegions) / 2);
}

TEST_CASE(
    "fast E.164: equal to libphonenumber on generated numbers of every calling code and region",
    "[phone]") {
  // libphonenumber takes ~14 us a number; under ASan several times that.
  const uint64_t count =
      300000 / static_cast<uint64_t>(test::kSanitizerFactor * test::kSanitizerFactor);
  bench::PhoneInputs inputs(20261129);
  std::vector<std::pair<std::string, std::unique_ptr<Pair>>> pairs;
  size_t differences = 0;
  std::set<int> codes_with_key;
  for (uint64_t i = 0; i < count; ++i) {
    bench::PhoneInput in = inputs.Next();
    Pair* p = nullptr;
    for (auto& [region, pair] : pairs) {
      if (region == in.region) p = pair.get();
    }
    if (p == nullptr) {
      pairs.emplace_back(in.region, std::make_unique<Pair>(in.region));
      p = pairs.back().second.get();
    }
    differences += CountDifferences(p, in.region, in.value);
    if (differences > 50) break;
  }
  CHECK(differences == 0);
  uint64_t fast = 0;
  uint64_t library = 0;
  for (auto& [region, pair] : pairs) {
    fast += pair->fast.fast_count();
    library += pair->fast.library_count();
  }
  INFO("fast path " << fast << ", libphonenumber " << library);
  CHECK(pairs.size() > 200);  // regions
  CHECK(fast > library);      // the fast path answers most, junk and extensions go to the library
  CHECK(library > count / 10);
}

TEST_CASE("fast E.164: equal to libphonenumber on the edge cases of its parsing", "[phone]") {
  // (region, value): prefixes, the default calling code written without a
  // prefix, national prefixes kept because stripping would make a valid
  // number invalid, too short and too long numbers, non-geographic codes,
  // regions with transform rules and regular-expression prefixes.
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"DE", "030 1234567"},
      {"DE", "+49 (0)30 1234567"},
      {"DE", "0049 30 1234567"},
      {"DE", "49 30 1234567"},
      {"DE", "4930"},
      {"DE", "490"},
      {"DE", "+0049 30 123456"},
      {"DE", "+00 49 30"},
      {"DE", "00 0 49 30"},
      {"DE", "0030 1234"},
      {"DE", "000"},
      {"DE", "001"},
      {"DE", "00"},
      {"DE", "12"},
      {"DE", "1 2"},
      {"DE", "+12"},
      {"DE", "+1"},
      {"DE", "123"},
      {"DE", "0"},
      {"DE", "+49"},
      {"DE", "+49 0"},
      {"DE", "+49 00"},
      {"DE", "+49 000000"},
      {"DE", "+999 123456"},
      {"DE", "+800 1234 5678"},
      {"DE", "+882 1234 5678"},
      {"DE", "+979 123456789"},
      {"DE", "12345678901234567890"},
      {"DE", "+49 123456789012345678"},
      {"DE", "(0)"},
      {"DE", "0 (0) 30 1234"},
      {"DE", "0171-1234567"},
      {"DE", "0171/1234567"},
      {"DE", "+49.171.1234567"},
      {"DE", "  +49 171 1234567  "},
      {"DE", "(+49) 171 1234567"},
      {"DE", "- 0171 1234567 -"},
      {"DE", "+ 49 171 1234567"},
      {"DE", "+4915"},
      {"US", "(202) 555-0147"},
      {"US", "1 202 555 0147"},
      {"US", "202-555-0147"},
      {"US", "011 49 30 1234567"},
      {"US", "00 49 30 1234567"},
      {"US", "1 800 555 0199"},
      {"US", "555-0147"},
      {"US", "+1 (0) 202 555 0147"},
      {"US", "12025550147"},
      {"US", "1202555014"},
      {"US", "011"},
      {"US", "0112"},
      {"CA", "613 555 0100"},
      {"CA", "1 613 555 0100"},
      {"GB", "020 7946 0958"},
      {"GB", "+44 (0)20 7946 0958"},
      {"GB", "44 20 7946 0958"},
      {"GB", "07700 900123"},
      {"GB", "0800 123 4567"},
      {"IT", "06 1234 5678"},
      {"IT", "+39 06 1234 5678"},
      {"IT", "39 06 12345678"},
      {"IT", "3123456789"},
      {"IT", "0039 312 345 6789"},
      {"FR", "01 23 45 67 89"},
      {"FR", "+33 (0)1 23 45 67 89"},
      {"FR", "33 1 23 45 67 89"},
      {"NL", "020-1234567"},
      {"NL", "+31 (0)20 1234567"},
      {"AT", "0664 1234567"},
      {"AT", "01 234 5678"},
      {"CH", "044 123 45 67"},
      {"CH", "+41 (0)44 123 45 67"},
      {"RU", "8 912 345 67 89"},
      {"RU", "+7 912 345 67 89"},
      {"RU", "810 49 30 1234"},
      {"AU", "0011 49 30 1234567"},
      {"AU", "02 1234 5678"},
      {"BR", "0 21 2345 6789"},
      {"BR", "(11) 91234-5678"},
      {"AR", "011 15 1234 5678"},
      {"MX", "044 55 1234 5678"},
      {"GU", "6713001234"},
      {"GU", "3001234"},
      {"JP", "03-1234-5678"},
      {"SM", "0549 123456"},
      {"VA", "06 698 12345"},
      {"KZ", "8 7172 123456"},
  };
  size_t differences = 0;
  for (const auto& [region, value] : cases) {
    Pair p(region);
    differences += CountDifferences(&p, region, value);
  }
  CHECK(differences == 0);
}

TEST_CASE("fast E.164: the common written forms take the fast path", "[phone]") {
  PhoneNormalizer de("DE");
  const std::vector<std::string> common = {
      "0171 1234567",      "+49 171 1234567",   "+49 (0)30 123456",  "0049 30 123456",
      "(030) 12 34 56",    "030/123456-0",      "+43 664 1234567",   "+41 44 123 45 67",
      "+1 (202) 555-0147", "+44 20 7946 0958",  "+33 1 23 45 67 89", "+39 06 1234 5678",
      "+31 20 123 4567",   "tel:+49-30-1234567"};
  for (const std::string& v : common) CHECK(de.ToE164(v));
  CHECK(de.fast_count() == common.size());
  CHECK(de.library_count() == 0);
  // Letters and extensions are libphonenumber's.
  CHECK(de.ToE164("030 123456 ext. 99") == "+4930123456");
  CHECK(de.ToE164("0800 FLOWERS"));
  CHECK(de.library_count() == 2);
}

TEST_CASE("fast E.164: libphonenumber-only results are memoised", "[phone]") {
  PhoneNormalizer de("DE");
  for (int i = 0; i < 3; ++i) CHECK(de.ToE164("030 123456 x 7") == "+4930123456");
  CHECK(de.library_count() == 3);
  CHECK(de.parse_count() == 1);
}

}  // namespace
}  // namespace vcsplit
