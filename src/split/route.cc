// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/route.h"

#include <fmt/format.h>

#include "io/sha256.h"
#include "split/log_reader.h"
#include "split/read_ahead.h"
#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"

namespace vcsplit {

namespace {

std::string Changed(const std::string& display) {
  return fmt::format("{}: changed while it was being read; nothing was written", display);
}

Decision DecideEntry(const LogEntry& entry, const Ledger& ledger, const SharedKeys& shared,
                     UnknownPolicy unknown) {
  if (entry.kind != ChunkKind::kCard) {
    Decision d;
    d.output = Output::kRejects;
    d.reason = Reason::kUnreadable;
    return d;
  }
  return DecideCard(entry.people, ledger, shared, unknown);
}

void Count(const std::string& input, const LogEntry& entry, const Decision& d,
           const DecideOptions& options, const Ledger& ledger, SplitResult* result) {
  ++result->cards;
  ++result->counts[static_cast<size_t>(d.output)];
  ++result->reasons[static_cast<size_t>(d.reason)];
  if (options.report_cards) {
    std::optional<Key> matched;
    if (d.matched != KeyIndex::kNone) matched = ledger.KeyOf(d.matched);
    CardInfo info{input, entry.line, d.output, d.reason, std::move(matched), entry.name};
    if (options.card_listener) {
      options.card_listener(info);
    } else {
      result->card_list.push_back(std::move(info));
    }
  }
}

}  // namespace

void RouteCards(RunPlan* plan, const DecideOptions& options, const Ledger& ledger,
                const RunKeys& keys, const std::array<BookSink*, 3>& sinks, bool convert,
                RunProgress* progress, SplitResult* result) {
  // Problems were reported in pass 1.
  NullReporter quiet;
  progress->StartPass(2);
  BookSink* rejects = sinks[static_cast<size_t>(Output::kRejects)];
  const bool writes = sinks[0] || sinks[1] || sinks[2];
  Chunk chunk;
  LogEntry entry;
  for (size_t n = 0; n < plan->inputs.size(); ++n) {
    Book& in = plan->inputs[n];
    const InputLog& logged = keys.inputs.at(n);
    CardLog::Cursor cursor(&logged.log);
    if (!writes) {
      while (cursor.Next(&entry)) {
        ThrowIfInterrupted();
        Count(in.display, entry, DecideEntry(entry, ledger, keys.shared, options.unknown), options,
              ledger, result);
        progress->Card(entry.offset + entry.size);
      }
      progress->EndInput(logged.bytes);
      continue;
    }
    in.source->Rewind();
    Sha256 again;
    HashingSource hashing(in.source.get(), &again);
    ReadAhead ahead(&quiet);
    std::unique_ptr<ChunkReader> reader;
    if (logged.exact && !convert) {
      reader = std::make_unique<LogReader>(&hashing, in.display, &logged.log, logged.traits);
    } else {
      reader = in.MakeReader(options.books, ahead.reader_reporter(), &hashing);
    }
    if (rejects) {
      reader->SetOverflowSink(
          ahead.OrderedSink([rejects](std::string_view bytes) { rejects->PutBytes(bytes); }));
    }
    for (BookSink* sink : sinks) {
      if (sink) sink->StartInput(*reader);
    }
    ahead.Start(std::move(reader), in.source.get());
    while (ahead.Next(&chunk)) {
      ThrowIfInterrupted();
      if (!cursor.Next(&entry) || entry.kind != chunk.kind || entry.line != chunk.line) {
        ThrowUsage(Changed(in.display));
      }
      Decision d = DecideEntry(entry, ledger, keys.shared, options.unknown);
      BookSink* sink = sinks[static_cast<size_t>(d.output)];
      if (sink) sink->Put(chunk);
      Count(in.display, entry, d, options, ledger, result);
      progress->Card(ahead.offset());
    }
    progress->EndInput(ahead.offset());
    // Both passes must see the same bytes: an input rewritten in between
    // (an export still being written) would get decisions that do not match
    // its keys.
    if (cursor.Next(&entry) || again.HexDigest() != result->inputs[n].sha256) {
      ThrowUsage(Changed(in.display));
    }
  }
}

}  // namespace vcsplit
