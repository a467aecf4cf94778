// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Pass 1 of a run: reads every input once for the keys of the whole run
// (the shared-key rule of SPEC §4.4 needs them all before the first
// decision), hashes each input, counts its cards, reports what the readers
// find, and refuses an input that holds no card (§2.1 "No cards, no run").

#ifndef VCSPLIT_SPLIT_COLLECT_KEYS_H_
#define VCSPLIT_SPLIT_COLLECT_KEYS_H_

#include <functional>
#include <string>

#include "ledger/ledger.h"
#include "phone/keys.h"
#include "split/card_log.h"
#include "split/decide.h"
#include "split/log_reader.h"
#include "split/plan.h"
#include "split/split.h"

namespace vcsplit {

// What pass 1 learnt about one input.
struct InputLog {
  CardLog log;          // every chunk, in order
  ReaderTraits traits;  // what the sinks need of its reader
  // Every chunk's bytes are where the log says (no chunk was too large to
  // hold, none overlaps another): pass 2 may cut the input by the log.
  bool exact = true;
  uint64_t bytes = 0;  // read in pass 1
};

struct RunKeys {
  SharedKeys shared;   // the granted keys of the run and who holds them
  std::string prefix;  // what every output starts with: a CSV book's preamble and header
  std::vector<InputLog> inputs;
};

// Fills result->inputs. Keeps each card's name in the log with
// options.report_cards. Throws FatalError(kExitUsage) for an input without
// cards (unless options.allow_empty) and for CSV inputs with different
// headers.
// `load_ledger` fills `ledger`: it is called once the first input's
// reader has started on the second thread, so that the ledger is read
// while the first cards are.
RunKeys CollectKeys(RunPlan* plan, const DecideOptions& options,
                    const std::function<void()>& load_ledger, const Ledger& ledger,
                    PhoneNormalizer* phones, Reporter* reporter, RunProgress* progress,
                    SplitResult* result);

}  // namespace vcsplit

#endif  // VCSPLIT_SPLIT_COLLECT_KEYS_H_
