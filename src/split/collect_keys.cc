// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/collect_keys.h"

#include <fmt/format.h>

#include "io/sha256.h"
#include "split/read_ahead.h"
#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"

namespace vcsplit {

namespace {

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

// --verbose: what the reader found out (SPEC §2: never a name, number,
// e-mail or UID; column names are none of these).
std::string Detected(const BookDescription& d) {
  if (d.format == BookFormat::kVcard) return "vCard";
  std::string text = fmt::format("CSV, {}", d.encoding);
  if (!d.columns) return text + ", nothing but blank lines";
  const CsvColumnMap& c = *d.columns;
  return fmt::format("{}, {} dialect, {} columns; phone columns: {}; e-mail columns: {}; uid: {}",
                     text, c.dialect(), c.size(), Join(c.NamesOf(ColumnRole::kPhone)),
                     Join(c.NamesOf(ColumnRole::kEmail)), Join(c.NamesOf(ColumnRole::kUid)));
}

// Pass 1 over one input: its keys into `keys`, what it is into the result.
SplitResult::Input CollectInputKeys(Book& in, const DecideOptions& options, const Ledger& ledger,
                                    PhoneNormalizer* phones, Reporter* reporter,
                                    RunProgress* progress, ReadAhead* ahead,
                                    std::unique_ptr<ChunkReader> reader, Sha256* hash,
                                    SharedKeys* shared) {
  SplitResult::Input info;
  info.path = in.display;
  info.format = in.format;
  info.dialect = reader->description().dialect();
  info.encoding = reader->description().encoding;
  RegionCheck region;
  uint64_t readable = 0;
  ahead->Start(std::move(reader), in.source.get());
  Chunk chunk;
  while (ahead->Next(&chunk)) {
    ThrowIfInterrupted();
    ++info.cards;
    progress->Card(ahead->offset());
    if (!chunk.readable()) continue;
    ++readable;
    for (const Person& p : chunk.people) {
      for (const Key& k : PersonKeys(p, phones, in.display, reporter, &region)) {
        if (ledger.Evaluate(k).state == State::kGiven) shared->Add(k, p.DisplayName());
      }
    }
  }
  progress->EndInput(ahead->offset());
  std::string warning = region.Warning(options.region);
  if (!warning.empty()) reporter->Warn(in.display, 0, warning);
  // An export that failed (an error page, a download cut off, an empty
  // file) must never empty the native book on the phones.
  if (readable == 0 && !options.allow_empty) {
    ThrowUsage(fmt::format("{}: no cards found; nothing was written", in.display));
  }
  if (options.verbose) {
    reporter->Note(in.display, fmt::format("{} {}, {} readable", info.cards,
                                           info.cards == 1 ? "card" : "cards", readable));
  }
  info.sha256 = hash->HexDigest();
  return info;
}

}  // namespace

RunKeys CollectKeys(RunPlan* plan, const DecideOptions& options, const Ledger& ledger,
                    PhoneNormalizer* phones, Reporter* reporter, RunProgress* progress,
                    SplitResult* result) {
  RunKeys keys;
  const Book* prefix_from = nullptr;
  progress->StartPass(1);
  for (Book& in : plan->inputs) {
    Sha256 hash;
    HashingSource hashing(in.source.get(), &hash);
    // The reader reports through the read-ahead, which replays its
    // diagnostics in chunk order.
    ReadAhead ahead(reporter);
    std::unique_ptr<ChunkReader> reader =
        in.MakeReader(options.books, ahead.reader_reporter(), &hashing);
    const BookDescription& described = reader->description();
    if (options.verbose) reporter->Note(in.display, "read as " + Detected(described));
    // CSV inputs of one run share one header, which every output starts
    // with (an input of blank lines only has none to compare).
    if (!described.empty && !plan->mixed) {
      if (!prefix_from) {
        keys.prefix = reader->OutputPrefix();
        prefix_from = &in;
      } else if (reader->OutputPrefix() != keys.prefix) {
        ThrowUsage(
            fmt::format("{}: header differs from {}; CSV inputs of one run must have the "
                        "same header",
                        in.display, prefix_from->display));
      }
    }
    result->inputs.push_back(CollectInputKeys(in, options, ledger, phones, reporter, progress,
                                              &ahead, std::move(reader), &hash, &keys.shared));
  }
  return keys;
}

}  // namespace vcsplit
