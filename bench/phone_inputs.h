// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Deterministic phone-number inputs for the differential tests of the fast
// E.164 path: numbers of every calling code and libphonenumber's example
// numbers of every region and type, mutated, written the ways people write
// them (+, 00, 011, national prefix, "(0)", separators, tel: URIs,
// extensions, letters, junk, invalid UTF-8), each with a default region.

#ifndef VCSPLIT_BENCH_PHONE_INPUTS_H_
#define VCSPLIT_BENCH_PHONE_INPUTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "phone/keys.h"

namespace vcsplit::bench {

struct PhoneInput {
  std::string value;
  std::string region;
};

class PhoneInputs {
 public:
  explicit PhoneInputs(uint64_t seed);

  PhoneInput Next();

  // Every calling code libphonenumber knows, in order; Next() cycles
  // through them.
  const std::vector<int>& calling_codes() const { return codes_; }

 private:
  struct Example {
    int code;
    std::string national;  // national significant number
  };

  uint64_t Random();
  size_t Below(size_t n) { return static_cast<size_t>(Random() % n); }
  std::string RandomDigits(size_t n);
  std::string Write(int code, const std::string& national, const std::string& region);
  std::string Scatter(const std::string& s);

  uint64_t state_;
  uint64_t count_ = 0;
  std::vector<std::string> regions_;
  std::vector<int> codes_;
  std::vector<Example> examples_;
};

// The normaliser of a run beside libphonenumber alone, for one region.
struct NormalizerPair {
  explicit NormalizerPair(const std::string& region)
      : fast(region), reference(region, PhoneNormalizer::Engine::kLibphonenumberOnly) {}

  // Runs both on `value`: empty when they agree, else "fast path X,
  // libphonenumber Y". *has_key: whether libphonenumber gave a key.
  std::string Compare(const std::string& value, bool* has_key = nullptr);

  PhoneNormalizer fast;
  PhoneNormalizer reference;
};

}  // namespace vcsplit::bench

#endif  // VCSPLIT_BENCH_PHONE_INPUTS_H_
