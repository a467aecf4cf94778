// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Reading a whole vCard text in memory, for the reader and quirk tests.

#ifndef VCSPLIT_TESTS_VCARD_TEST_UTIL_H_
#define VCSPLIT_TESTS_VCARD_TEST_UTIL_H_

#include <string>
#include <vector>

#include "phone/keys.h"
#include "vcard/vcard_reader.h"

namespace vcsplit {

struct Read {
  std::vector<Chunk> chunks;
  CollectingReporter reporter;
};

inline Read ReadAll(const std::string& input, size_t max_card = kDefaultMaxCardSize,
                    std::string* overflow = nullptr) {
  Read r;
  StringSource src(input);
  VcardReader reader(&src, "t.vcf", &r.reporter, max_card);
  if (overflow) reader.SetOverflowSink([overflow](std::string_view b) { overflow->append(b); });
  Chunk c;
  while (reader.Next(&c)) r.chunks.push_back(c);
  return r;
}

inline std::vector<std::string> Keys(const Person& p) {
  PhoneNormalizer phones("DE");
  NullReporter quiet;
  std::vector<std::string> out;
  for (const Key& k : PersonKeys(p, &phones, "t.vcf", &quiet)) out.push_back(k.ToString());
  return out;
}

}  // namespace vcsplit

#endif  // VCSPLIT_TESTS_VCARD_TEST_UTIL_H_
