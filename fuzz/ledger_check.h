// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The properties the ledger must keep on any file, CSV or JSON Lines,
// shared by the libFuzzer target and the regression tests: loading never
// crashes; every key it indexes evaluates to the same state through
// Evaluate and Explain, and the state is one of the defined ones; the hash
// chain can be computed and verified without crashing.

#ifndef VCSPLIT_FUZZ_LEDGER_CHECK_H_
#define VCSPLIT_FUZZ_LEDGER_CHECK_H_

#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "ledger/ledger.h"
#include "ledger/ledger_tools.h"
#include "phone/keys.h"
#include "vcsplit/error.h"

namespace vcsplit {

inline std::string CheckLedgerInput(std::string_view data, MemoryFile* file) {
  std::string path = file->Put(data);
  if (path.empty()) return "";  // the machine could not hold it: not the code's fault
  PhoneNormalizer phones("DE");
  NullReporter quiet;
  LedgerOptions options;
  options.as_of = 1780000000;  // 2026-05-28
  options.max_age = Duration{24, 'm'};
  options.lint = true;
  options.keep_text = true;
  Ledger ledger;
  try {
    ledger.Load({path}, options, &phones, &quiet);
  } catch (const FatalError& e) {
    return std::string("load threw: ") + e.what();
  }
  std::vector<ExplainedEvent> trail;
  for (const Key& key : ledger.Keys()) {
    Evaluation a = ledger.Evaluate(key);
    Evaluation b = ledger.Explain(key, &trail);
    if (a.state != b.state) return "Evaluate and Explain disagree";
    if (static_cast<int>(a.state) > static_cast<int>(State::kExpired)) {
      return "undefined state";
    }
    if (a.state == State::kGiven && a.deciding == nullptr) return "given without a deciding row";
  }
  try {
    VerifyLedger(path, std::nullopt, &phones);
  } catch (const FatalError&) {
    // An unreadable ledger is a clean error for verify.
  }
  return "";
}

}  // namespace vcsplit

#endif  // VCSPLIT_FUZZ_LEDGER_CHECK_H_
