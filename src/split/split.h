// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The split (SPEC §2.1) and the check (§2.2). Both read every input twice:
// first for the keys of the whole run, which the shared-key rule needs, then
// to decide each card. The split writes native, secondary and rejects
// atomically; the check only collects the decisions.
//
// The pipeline, one step per file (CONTRIBUTING.md has the map):
//   plan.cc          options checked, inputs opened, output paths and locks
//   collect_keys.cc  pass 1: the keys of the run, per input hash and counts
//   route.cc         pass 2: each card decided and written to its sink
//   book_sink.cc     an output book: line-break repair, --to vcard
//   split.cc         RunSplit and RunCheck: the steps in order, the commit

#ifndef VCSPLIT_SPLIT_SPLIT_H_
#define VCSPLIT_SPLIT_SPLIT_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "book/book.h"
#include "split/decide.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

// Where a run is, for a progress display.
struct SplitProgress {
  int pass = 1;              // 1: reading the keys of the run, 2: deciding and writing
  uint64_t bytes = 0;        // read so far, both passes together
  uint64_t total_bytes = 0;  // of both passes; 0 when unknown
  uint64_t cards = 0;        // cards read so far in this pass
  bool finished = false;     // the last call of the run
};

// One decided card, for --report-cards and `check`.
struct CardInfo {
  std::string input;
  uint64_t line = 0;
  Output output = Output::kRejects;
  Reason reason = Reason::kUnreadable;
  std::optional<Key> matched;
  std::string name;  // FN, else N (for `check`; never in the report)
};

// What every run that decides cards needs: split, check, and the ledger
// check of publish.
struct DecideOptions {
  std::vector<std::string> inputs;  // "-" is standard input
  std::vector<std::string> ledgers;
  std::optional<std::string> purpose;
  std::string region = "DE";
  std::optional<std::string> as_of;    // text of --as-of; now when unset
  std::optional<std::string> max_age;  // text of --max-age
  UnknownPolicy unknown = UnknownPolicy::kSecondary;
  BookOptions books;          // --input-format, CSV key columns, --max-card-size
  bool allow_empty = false;   // --allow-empty: an input without cards is no error
  bool verbose = false;       // -v: notes on what was detected (never personal data)
  bool report_cards = false;  // keep one CardInfo per card in the result
  // With report_cards: each card's CardInfo goes here, in input order,
  // instead of into the result (so that memory does not grow with the
  // input); may be empty.
  std::function<void(const CardInfo&)> card_listener;
  // With report_cards: each card's name (FN, else N; empty for none) goes
  // here during pass 1, in input order, one call per card the listener above
  // gets, instead of being kept in memory until pass 2 (CardInfo.name is
  // then empty); may be empty.
  std::function<void(std::string_view)> name_listener;
  // Called after every card and once at the end (finished); may be empty.
  std::function<void(const SplitProgress&)> progress;
};

struct SplitOptions : DecideOptions {
  std::string out_dir = ".";
  std::optional<std::string> native_path;
  std::optional<std::string> secondary_path;
  std::optional<std::string> rejects_path;
  std::optional<std::string> report_path;
  bool dry_run = false;
  bool to_vcard = false;    // --to vcard: native and secondary as vCard 3.0 (SPEC §3.3)
  double wait_seconds = 0;  // --wait: how long to wait for another run's directory lock
};

struct SplitResult {
  struct Input {
    std::string path;
    BookFormat format = BookFormat::kVcard;
    std::string dialect;   // CSV: google, outlook, outlook-de, thunderbird, generic
    std::string encoding;  // CSV: utf-8, windows-1252, utf-16le, utf-16be
    std::string sha256;
    uint64_t cards = 0;
  };
  struct OutputInfo {
    std::string path;
    uint64_t cards = 0;
    std::string sha256;
  };
  using CardInfo = vcsplit::CardInfo;

  std::string as_of;    // local time, YYYY-MM-DDThh:mm:ss
  std::string started;  // when the run began, UTC, YYYY-MM-DDThh:mm:ssZ
  std::string purpose;
  std::string region;
  std::vector<Input> inputs;
  std::vector<std::string> ledger_paths;
  std::vector<std::string> ledger_sha256;
  size_t ledger_events = 0;
  std::vector<std::string> ledger_chain_heads;  // per file; empty: not sealed
  size_t ledger_warnings = 0;
  bool wrote_outputs = false;         // false for check: `outputs` says nothing
  std::array<OutputInfo, 3> outputs;  // indexed by Output
  uint64_t cards = 0;
  std::array<uint64_t, 3> counts{};  // indexed by Output
  std::array<uint64_t, kReasonCount> reasons{};
  std::vector<Diagnostic> warnings;  // every warning of the run, in order
  std::vector<CardInfo> card_list;   // only with report_cards
};

// Runs the split. Warnings and row errors go to `reporter` as they happen.
// Throws FatalError for usage and input errors (exit 2, nothing written) and
// output failures (exit 3, nothing replaced).
SplitResult RunSplit(const SplitOptions& options, Reporter* reporter);

// Decides every card as the split would, writing nothing; the result holds
// one CardInfo per card, or options.card_listener gets them. Throws like
// RunSplit (exit 2).
SplitResult RunCheck(const DecideOptions& options, Reporter* reporter);

// One progress line without "vcsplit: ", for a run `seconds` old:
// "splitting (2/2): 4.1 of 13.3 MB, 70525 cards, 6.0 MB/s, 65% done, ETA 1s".
std::string FormatProgress(const SplitProgress& progress, double seconds);

// The JSON run report of SPEC §5 (`outputs` only when the run wrote them).
std::string RenderReport(const SplitResult& result, const std::string& command, bool with_cards);

}  // namespace vcsplit

#endif  // VCSPLIT_SPLIT_SPLIT_H_
