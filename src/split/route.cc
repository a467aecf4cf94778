// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/route.h"

#include <fmt/format.h>

#include "io/sha256.h"
#include "split/read_ahead.h"
#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"

namespace vcsplit {

void RouteCards(RunPlan* plan, const DecideOptions& options, const Ledger& ledger,
                const SharedKeys& shared, PhoneNormalizer* phones,
                const std::array<BookSink*, 3>& sinks, RunProgress* progress, SplitResult* result) {
  // Problems were reported in pass 1.
  NullReporter quiet;
  progress->StartPass(2);
  BookSink* rejects = sinks[static_cast<size_t>(Output::kRejects)];
  Chunk chunk;
  std::vector<std::vector<Key>> keys;
  for (size_t n = 0; n < plan->inputs.size(); ++n) {
    Book& in = plan->inputs[n];
    in.source->Rewind();
    Sha256 again;
    HashingSource hashing(in.source.get(), &again);
    ReadAhead ahead(&quiet);
    std::unique_ptr<ChunkReader> reader =
        in.MakeReader(options.books, ahead.reader_reporter(), &hashing);
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
      keys.clear();
      for (const Person& p : chunk.people) {
        keys.push_back(PersonKeys(p, phones, in.display, &quiet));
      }
      Decision d = DecideChunk(chunk, keys, ledger, shared, options.unknown);
      BookSink* sink = sinks[static_cast<size_t>(d.output)];
      if (sink) sink->Put(chunk);
      ++result->cards;
      ++result->counts[static_cast<size_t>(d.output)];
      ++result->reasons[static_cast<size_t>(d.reason)];
      progress->Card(ahead.offset());
      if (options.report_cards) {
        result->card_list.push_back(
            {in.display, chunk.line, d.output, d.reason, d.matched,
             chunk.people.empty() ? std::string() : chunk.people[0].DisplayName()});
      }
    }
    progress->EndInput(ahead.offset());
    // Both passes must see the same bytes: an input rewritten in between
    // (an export still being written) would get decisions that do not match
    // its keys.
    if (again.HexDigest() != result->inputs[n].sha256) {
      ThrowUsage(
          fmt::format("{}: changed while it was being read; nothing was written", in.display));
    }
  }
}

}  // namespace vcsplit
