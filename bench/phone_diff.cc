// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// phone-diff: compares vcsplit's phone normaliser (fast path + fallback)
// with libphonenumber alone, and times both.
//
//   phone-diff --count 10000000 [--seed 1]
//       generated inputs (bench/phone_inputs.h); every result must be equal
//   phone-diff --values FILE --region DE [--reps 5]
//       one written number per line (as bench/run extracts them from a
//       generated book): checks every result, then prints the median time
//       per number of libphonenumber Parse + Format(E164) and of the
//       normaliser, and their ratio
//
// Exit 0 when all results are equal, 1 on any difference, 2 on bad usage.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumberutil.h>

#include "phone/keys.h"
#include "phone_inputs.h"

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using vcsplit::PhoneNormalizer;
using Clock = std::chrono::steady_clock;

int Usage() {
  std::fprintf(stderr,
               "usage: phone-diff --count N [--seed S]\n"
               "       phone-diff --values FILE --region R [--reps K] [--json]\n");
  return 2;
}

int Generated(uint64_t count, uint64_t seed) {
  vcsplit::bench::PhoneInputs inputs(seed);
  // One normaliser pair per region, as a run has one region.
  std::map<std::string, std::unique_ptr<vcsplit::bench::NormalizerPair>> engines;
  uint64_t differences = 0;
  uint64_t keys = 0;
  auto start = Clock::now();
  for (uint64_t i = 0; i < count; ++i) {
    vcsplit::bench::PhoneInput in = inputs.Next();
    std::unique_ptr<vcsplit::bench::NormalizerPair>& e = engines[in.region];
    if (!e) e = std::make_unique<vcsplit::bench::NormalizerPair>(in.region);
    bool has_key = false;
    std::string difference = e->Compare(in.value, &has_key);
    if (has_key) ++keys;
    if (!difference.empty() && ++differences <= 20) {
      std::printf("DIFFERENT region=%s value=\"%s\": %s\n", in.region.c_str(), in.value.c_str(),
                  difference.c_str());
    }
    if ((i + 1) % 1000000 == 0) {
      std::fprintf(stderr, "phone-diff: %llu inputs, %llu differences\n",
                   static_cast<unsigned long long>(i + 1),
                   static_cast<unsigned long long>(differences));
    }
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  uint64_t fast_count = 0;
  uint64_t library_count = 0;
  for (auto& e : engines) {
    fast_count += e.second->fast.fast_count();
    library_count += e.second->fast.library_count();
  }
  std::printf(
      "inputs: %llu (seed %llu, %zu regions, %zu calling codes)\n"
      "libphonenumber gave a key for: %llu\n"
      "fast path answered: %llu (%.1f %%), libphonenumber: %llu\n"
      "differences: %llu\n"
      "time: %.1f s\n",
      static_cast<unsigned long long>(count), static_cast<unsigned long long>(seed), engines.size(),
      inputs.calling_codes().size(), static_cast<unsigned long long>(keys),
      static_cast<unsigned long long>(fast_count),
      count ? 100.0 * static_cast<double>(fast_count) /
                  static_cast<double>(fast_count + library_count)
            : 0.0,
      static_cast<unsigned long long>(library_count), static_cast<unsigned long long>(differences),
      seconds);
  return differences == 0 ? 0 : 1;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int Values(const std::string& path, const std::string& region, int reps, bool json) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "phone-diff: %s: cannot open\n", path.c_str());
    return 2;
  }
  std::vector<std::string> values;
  for (std::string line; std::getline(in, line);) values.push_back(line);
  if (values.empty() || !PhoneNormalizer::IsKnownRegion(region)) return Usage();

  PhoneNormalizer reference(region, PhoneNormalizer::Engine::kLibphonenumberOnly);
  PhoneNormalizer checked(region);
  uint64_t differences = 0;
  for (const std::string& v : values) {
    if (checked.ToE164(v) != reference.ToE164(v)) {
      if (++differences <= 20) std::printf("DIFFERENT value=\"%s\"\n", v.c_str());
    }
  }

  PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  std::vector<double> library_ns;
  std::vector<double> normaliser_ns;
  uint64_t fast_count = 0;
  uint64_t library_count = 0;
  size_t sink = 0;
  for (int r = 0; r < reps; ++r) {
    auto t0 = Clock::now();
    for (const std::string& v : values) {
      PhoneNumber number;
      if (util->Parse(v, region, &number) == PhoneNumberUtil::NO_PARSING_ERROR) {
        std::string e164;
        util->Format(number, PhoneNumberUtil::E164, &e164);
        sink += e164.size();
      }
    }
    auto t1 = Clock::now();
    PhoneNormalizer fresh(region);  // a run's normaliser: memo starts empty
    auto t2 = Clock::now();
    for (const std::string& v : values) {
      std::optional<std::string> e164 = fresh.ToE164(v);
      if (e164) sink += e164->size();
    }
    auto t3 = Clock::now();
    library_ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() /
                         static_cast<double>(values.size()));
    normaliser_ns.push_back(std::chrono::duration<double, std::nano>(t3 - t2).count() /
                            static_cast<double>(values.size()));
    fast_count = fresh.fast_count();
    library_count = fresh.library_count();
  }
  double lib = Median(library_ns);
  double ours = Median(normaliser_ns);
  double share =
      100.0 * static_cast<double>(fast_count) / static_cast<double>(fast_count + library_count);
  if (json) {
    std::printf(
        "{\"values\": %zu, \"region\": \"%s\", \"differences\": %llu, \"libphonenumber_ns\": %.1f, "
        "\"normaliser_ns\": %.1f, \"speedup\": %.1f, \"fast_share\": %.2f}\n",
        values.size(), region.c_str(), static_cast<unsigned long long>(differences), lib, ours,
        lib / ours, share);
  } else {
    std::printf(
        "values: %zu (region %s), differences: %llu\n"
        "libphonenumber Parse+Format: %.0f ns/number\n"
        "normaliser: %.0f ns/number (fast path %.1f %%)\n"
        "speedup: %.1fx\n",
        values.size(), region.c_str(), static_cast<unsigned long long>(differences), lib, ours,
        share, lib / ours);
  }
  if (sink == 0) std::fprintf(stderr, "phone-diff: no value gave a key\n");
  return differences == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  PhoneNumberUtil::GetInstance()->SetLogger(new i18n::phonenumbers::NullLogger());
  uint64_t count = 0;
  uint64_t seed = 1;
  std::string values;
  std::string region = "DE";
  int reps = 5;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has_next = i + 1 < argc;
    if (a == "--count" && has_next) {
      count = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--seed" && has_next) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--values" && has_next) {
      values = argv[++i];
    } else if (a == "--region" && has_next) {
      region = argv[++i];
    } else if (a == "--reps" && has_next) {
      reps = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--json") {
      json = true;
    } else {
      return Usage();
    }
  }
  if (!values.empty()) return Values(values, region, reps, json);
  if (count == 0) return Usage();
  return Generated(count, seed);
}
