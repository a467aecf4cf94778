// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The first step of a run: everything that can be checked before a card is
// read is checked here, so that a usage error writes nothing and a run
// waits for another one before it reads anything. The plan holds the
// opened inputs, the resolved ledger options, the output paths (each
// computed once) and the locks of the output directories, held until the
// plan is destroyed.

#ifndef VCSPLIT_SPLIT_PLAN_H_
#define VCSPLIT_SPLIT_PLAN_H_

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "book/book.h"
#include "io/lock.h"
#include "ledger/ledger.h"
#include "split/split.h"

namespace vcsplit {

struct RunPlan {
  LedgerOptions ledger;
  std::vector<Book> inputs;
  bool mixed = false;                // inputs of both formats (only with --to vcard)
  std::array<std::string, 3> paths;  // split: native, secondary, rejects (by Output)
  std::vector<std::unique_ptr<DirectoryLock>> locks;
};

// Checks the options of a run that only decides (check) and opens its
// inputs. Throws FatalError(kExitUsage).
RunPlan PlanCheck(const DecideOptions& options);

// The same for a split, and: the output directories exist, no output is an
// input or the ledger, and the directories are locked (waiting up to
// --wait) before any input is read. Throws FatalError(kExitUsage), or
// kExitOutput when a lock file cannot be created.
RunPlan PlanSplit(const SplitOptions& options, Reporter* reporter);

// Progress over both passes of a run, for SplitOptions::progress.
class RunProgress {
 public:
  RunProgress(std::function<void(const SplitProgress&)> callback, const std::vector<Book>& inputs);
  void StartPass(int pass);
  // A card was read; `offset` is how far the current input has been read.
  void Card(uint64_t offset);
  // The current input is done after `bytes`.
  void EndInput(uint64_t bytes);
  void Finish();

 private:
  std::function<void(const SplitProgress&)> callback_;
  SplitProgress progress_;
  uint64_t done_before_ = 0;  // bytes of the inputs finished, both passes
};

}  // namespace vcsplit

#endif  // VCSPLIT_SPLIT_PLAN_H_
