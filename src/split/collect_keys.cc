// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/collect_keys.h"

#include <atomic>
#include <memory>

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

// The log entry of a chunk: where it is, what it is, and its people's
// ledger keys; the granted ones are added to `shared`.
void LogChunk(const Chunk& chunk, const DecideOptions& options, const Ledger& ledger,
              PhoneNormalizer* phones, const std::string& display, Reporter* reporter,
              RegionCheck* region, SharedKeys* shared, LogEntry* entry) {
  entry->Clear();
  entry->kind = chunk.kind;
  entry->offset = chunk.offset;
  entry->size = chunk.size;
  entry->line = chunk.line;
  entry->missing_newline = chunk.missing_newline;
  entry->crlf = chunk.crlf;
  if (options.report_cards) {
    std::string name = chunk.people.empty() ? std::string() : chunk.people[0].DisplayName();
    if (options.name_listener) {
      options.name_listener(name);
    } else {
      entry->name = std::move(name);
    }
  }
  if (!chunk.readable()) return;
  entry->people.resize(chunk.people.size());
  for (size_t i = 0; i < chunk.people.size(); ++i) {
    const Person& p = chunk.people[i];
    PersonFacts& facts = entry->people[i];
    facts.parent = p.parent;
    facts.unreadable = p.unreadable;
    std::vector<Key> keys = PersonKeys(p, phones, display, reporter, region);
    facts.has_keys = !keys.empty();
    for (const Key& k : keys) {
      uint32_t id = ledger.Find(k);
      if (id == KeyIndex::kNone) continue;
      facts.ledger_keys.push_back(id);
      if (ledger.StateOf(id) == State::kGiven) shared->Add(id, p.DisplayName());
    }
  }
}

// Pass 1 over one input: its keys into `shared`, its chunks into `log`,
// what it is into the result.
SplitResult::Input CollectInputKeys(Book& in, const DecideOptions& options, const Ledger& ledger,
                                    PhoneNormalizer* phones, Reporter* reporter,
                                    RunProgress* progress, ReadAhead* ahead,
                                    std::unique_ptr<ChunkReader> reader, Sha256* hash,
                                    SharedKeys* shared, InputLog* log,
                                    const std::function<void()>& before_first_card) {
  SplitResult::Input info;
  info.path = in.display;
  info.format = in.format;
  info.dialect = reader->description().dialect();
  info.encoding = reader->description().encoding;
  log->traits = ReaderTraits::Of(*reader);
  // Bytes of an oversized chunk are not where a log entry could say.
  auto overflowed = std::make_shared<std::atomic<bool>>(false);
  reader->SetOverflowSink([overflowed](std::string_view) { *overflowed = true; });
  reader->KeepBytes(false);  // pass 2 reads them again
  RegionCheck region;
  uint64_t readable = 0;
  uint64_t end = 0;
  ahead->Start(std::move(reader), in.source.get());
  if (before_first_card) {
    before_first_card();
    shared->Reserve(ledger.key_count());
  }
  if (options.verbose) reporter->Note(in.display, "read as " + Detected(log->traits.description));
  Chunk chunk;
  LogEntry entry;
  while (ahead->Next(&chunk)) {
    ThrowIfInterrupted();
    ++info.cards;
    progress->Card(ahead->offset());
    if (chunk.readable()) ++readable;
    if (chunk.kind == ChunkKind::kOversized || chunk.offset < end) log->exact = false;
    end = chunk.offset + chunk.size;
    LogChunk(chunk, options, ledger, phones, in.display, reporter, &region, shared, &entry);
    log->log.Append(entry);
  }
  if (*overflowed) log->exact = false;
  log->bytes = ahead->offset();
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

RunKeys CollectKeys(RunPlan* plan, const DecideOptions& options,
                    const std::function<void()>& load_ledger, const Ledger& ledger,
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
    ahead.HoldDiagnostics();
    bool first = keys.inputs.empty();
    // While the ledger is read, the reader may run further ahead: its chunks
    // hold no card bytes in this pass (about 600 bytes each, 8,192 at most).
    if (first) ahead.AllowAhead(128);
    std::unique_ptr<ChunkReader> reader =
        in.MakeReader(options.books, ahead.reader_reporter(), &hashing);
    const BookDescription& described = reader->description();
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
    keys.inputs.emplace_back();
    result->inputs.push_back(CollectInputKeys(
        in, options, ledger, phones, reporter, progress, &ahead, std::move(reader), &hash,
        &keys.shared, &keys.inputs.back(), first ? load_ledger : std::function<void()>()));
  }
  return keys;
}

}  // namespace vcsplit
