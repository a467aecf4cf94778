// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/split.h"

#include <ctime>
#include <memory>

#include <fmt/format.h>

#include "io/output.h"
#include "ledger/ledger.h"
#include "ledger/timeparse.h"
#include "split/book_sink.h"
#include "split/collect_keys.h"
#include "split/plan.h"
#include "split/route.h"
#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"

namespace vcsplit {

namespace {

// Reads the ledger (one snapshot of each file, before the first card is
// looked at; the reader thread reads ahead meanwhile) and
// records what the report says of it.
void LoadLedger(const RunPlan& plan, const DecideOptions& options, PhoneNormalizer* phones,
                Reporter* reporter, Ledger* ledger, SplitResult* result) {
  if (!ledger->Load(options.ledgers, plan.ledger, phones, reporter)) {
    throw FatalError(kExitUsage, "the ledger has errors; nothing was written");
  }
  if (options.verbose) {
    for (uint32_t f = 0; f < options.ledgers.size(); ++f) {
      LedgerSummary s = ledger->Summarize(f);
      std::string purposes;
      for (const std::string& p : s.purposes) purposes += (purposes.empty() ? "" : ", ") + p;
      reporter->Note(options.ledgers[f],
                     fmt::format("{} {}; purposes: {}; dated {} to {}", s.events,
                                 s.events == 1 ? "event" : "events",
                                 purposes.empty() ? "none named" : purposes,
                                 s.first.empty() ? "-" : s.first, s.last.empty() ? "-" : s.last));
    }
  }
  result->as_of = FormatLocal(plan.ledger.as_of);
  result->purpose = ledger->purpose();
  result->region = options.region;
  result->ledger_paths = options.ledgers;
  result->ledger_sha256 = ledger->sha256();
  result->ledger_events = ledger->event_count();
  result->ledger_chain_heads.clear();
  for (uint32_t f = 0; f < options.ledgers.size(); ++f) {
    result->ledger_chain_heads.push_back(ledger->Summarize(f).chain_head);
  }
  result->ledger_warnings = ledger->warning_count();
}

// The three books of a split and its report, as temporary files until they
// are committed.
class Outputs {
 public:
  // Made before any card is read, so that a directory that cannot be
  // written, or a device or FIFO that may not be, fails before the run reads
  // anything; they replace nothing until Commit().
  Outputs(const RunPlan& plan, const SplitOptions& options) {
    const std::array<bool, 3> named = {options.native_path.has_value(),
                                       options.secondary_path.has_value(),
                                       options.rejects_path.has_value()};
    for (size_t i = 0; i < 3; ++i) {
      files_[i] = std::make_unique<AtomicOutput>(
          plan.paths[i], options.dry_run,
          named[i] ? AtomicOutput::Naming::kNamed : AtomicOutput::Naming::kDerived);
      bool rejects = i == static_cast<size_t>(Output::kRejects);
      sinks_[i] = std::make_unique<BookSink>(files_[i].get(), options.to_vcard && !rejects);
    }
    if (options.report_path) report_ = std::make_unique<AtomicOutput>(*options.report_path, false);
  }

  std::array<BookSink*, 3> sinks() const {
    return {sinks_[0].get(), sinks_[1].get(), sinks_[2].get()};
  }

  // Flushes and fsyncs the books and the report, then renames them into
  // place: after the last moment at which an interrupt still replaces
  // nothing, and once every target is known to be replaceable.
  void Commit(const RunPlan& plan, const SplitOptions& options, SplitResult* result) {
    for (size_t i = 0; i < 3; ++i) {
      files_[i]->Finish();
      result->outputs[i] = {plan.paths[i], result->counts[i], files_[i]->sha256()};
    }
    result->wrote_outputs = true;
    if (report_) {
      report_->Write(RenderReport(*result, "split", options.report_cards));
      report_->Finish();
    }
    ThrowIfInterrupted();  // last moment at which nothing has been replaced
    for (const auto& f : files_) f->CheckReplaceable();
    if (report_) report_->CheckReplaceable();
    for (const auto& f : files_) f->Commit();
    if (report_) report_->Commit();
  }

 private:
  std::array<std::unique_ptr<AtomicOutput>, 3> files_;
  std::array<std::unique_ptr<BookSink>, 3> sinks_;
  std::unique_ptr<AtomicOutput> report_;
};

// Now, UTC, as YYYY-MM-DDThh:mm:ssZ: when the run began, for the report.
// Empty under --as-of: a run pinned to a moment has a byte-identical report
// (SPEC §2.1 "Deterministic"), and its as_of says when it stands.
std::string StartedNow(const DecideOptions& options) {
  if (options.as_of) return std::string();
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  char buf[32];
  if (gmtime_r(&now, &utc) == nullptr ||
      std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0) {
    return std::string();
  }
  return buf;
}

}  // namespace

SplitResult RunSplit(const SplitOptions& options, Reporter* outer) {
  SplitResult result;
  result.started = StartedNow(options);
  CountingReporter reporter(outer, &result.warnings);
  RunPlan plan = PlanSplit(options, &reporter);
  PhoneNormalizer phones(options.region);
  Outputs outputs(plan, options);
  RunProgress progress(options.progress, plan.inputs);
  Ledger ledger;
  RunKeys keys = CollectKeys(
      &plan, options, [&] { LoadLedger(plan, options, &phones, &reporter, &ledger, &result); },
      ledger, &phones, &reporter, &progress, &result);
  for (BookSink* sink : outputs.sinks()) sink->Begin(keys.prefix);
  RouteCards(&plan, options, ledger, keys, outputs.sinks(), options.to_vcard, &progress, &result);
  outputs.Commit(plan, options, &result);
  progress.Finish();
  return result;
}

SplitResult RunCheck(const DecideOptions& options, Reporter* outer) {
  SplitResult result;
  result.started = StartedNow(options);
  CountingReporter reporter(outer, &result.warnings);
  RunPlan plan = PlanCheck(options);
  PhoneNormalizer phones(options.region);
  RunProgress progress(options.progress, plan.inputs);
  DecideOptions listing = options;
  listing.report_cards = true;  // check lists every card that may not be native
  Ledger ledger;
  RunKeys keys = CollectKeys(
      &plan, listing, [&] { LoadLedger(plan, options, &phones, &reporter, &ledger, &result); },
      ledger, &phones, &reporter, &progress, &result);
  RouteCards(&plan, listing, ledger, keys, {}, false, &progress, &result);
  progress.Finish();
  return result;
}

}  // namespace vcsplit
