// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Pass 1 of a run: reads every input once for the keys of the whole run
// (the shared-key rule of SPEC §4.4 needs them all before the first
// decision), hashes each input, counts its cards, reports what the readers
// find, and refuses an input that holds no card (§2.1 "No cards, no run").

#ifndef VCSPLIT_SPLIT_COLLECT_KEYS_H_
#define VCSPLIT_SPLIT_COLLECT_KEYS_H_

#include <string>

#include "ledger/ledger.h"
#include "phone/keys.h"
#include "split/decide.h"
#include "split/plan.h"
#include "split/split.h"

namespace vcsplit {

struct RunKeys {
  SharedKeys shared;   // the granted keys of the run and who holds them
  std::string prefix;  // what every output starts with: a CSV book's preamble and header
};

// Fills result->inputs. Throws FatalError(kExitUsage) for an input without
// cards (unless options.allow_empty) and for CSV inputs with different
// headers.
RunKeys CollectKeys(RunPlan* plan, const DecideOptions& options, const Ledger& ledger,
                    PhoneNormalizer* phones, Reporter* reporter, RunProgress* progress,
                    SplitResult* result);

}  // namespace vcsplit

#endif  // VCSPLIT_SPLIT_COLLECT_KEYS_H_
