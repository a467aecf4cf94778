// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The properties the vCard reader must keep on any input, shared by the
// libFuzzer target and the regression tests that replay what it found:
// every chunk is a byte-identical slice of the input, chunks come in input
// order and do not overlap, an oversized chunk's bytes reach the overflow
// sink, key extraction never fails, and the chunks, their kinds and the
// decisions taken on them are the same however the reads are cut (a byte at
// a time, seven, or a whole block).

#ifndef VCSPLIT_FUZZ_VCARD_CHECK_H_
#define VCSPLIT_FUZZ_VCARD_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "phone/keys.h"
#include "split/decide.h"
#include "vcard/vcard_reader.h"

namespace vcsplit {

// Reads `data` handed out `step` bytes at a time; checks the slice
// properties and records each chunk in `*trace`. Returns what broke, if
// anything.
inline std::string TraceVcardInput(std::string_view data, size_t max_card_size, size_t step,
                                   std::vector<ChunkTrace>* trace) {
  ChunkedSource source(data, step);
  NullReporter quiet;
  VcardReader reader(&source, "fuzz", &quiet, max_card_size);
  std::string overflow;
  reader.SetOverflowSink([&overflow](std::string_view b) { overflow.append(b); });
  PhoneNormalizer phones("DE");
  SharedKeys no_shared;
  Chunk chunk;
  // A BOM at the very start belongs to no chunk (a second one does).
  size_t pos = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  size_t count = 0;
  while (reader.Next(&chunk)) {
    if (++count > data.size() + 1) return "more chunks than bytes";
    std::string_view bytes = chunk.raw;
    if (chunk.kind == ChunkKind::kOversized) {
      if (!chunk.raw.empty()) return "oversized chunk kept its bytes";
      bytes = overflow;
    }
    if (bytes.empty()) return "empty chunk";
    // Pass 2 cuts the input where pass 1 said the chunk is.
    if (chunk.kind != ChunkKind::kOversized &&
        (chunk.offset > data.size() || data.substr(chunk.offset, chunk.size) != chunk.raw ||
         chunk.size != chunk.raw.size())) {
      return "chunk offset and size do not name its bytes";
    }
    size_t at = data.find(bytes, pos);
    if (at == std::string_view::npos)
      return "chunk is not a slice of the input after the previous one";
    // Only blank lines (and a BOM at the start) may lie between chunks.
    for (size_t i = pos; i < at; ++i) {
      char c = data[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return "non-blank bytes skipped between chunks";
      }
    }
    pos = at + bytes.size();
    if (chunk.people.empty() && chunk.kind == ChunkKind::kCard) return "card without a person";
    std::vector<std::vector<Key>> keys;
    for (const Person& p : chunk.people) {
      if (p.parent >= static_cast<int>(&p - chunk.people.data())) return "parent after child";
      keys.push_back(PersonKeys(p, &phones, "fuzz", &quiet));
    }
    Decision d = DecideChunk(chunk, keys, FuzzLedger(), no_shared, UnknownPolicy::kSecondary);
    trace->push_back({chunk.kind, std::string(bytes), chunk.line, chunk.missing_newline, chunk.crlf,
                      chunk.people.size(), d.output, d.reason});
    overflow.clear();
  }
  for (size_t i = pos; i < data.size(); ++i) {
    char c = data[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return "input bytes were dropped";
  }
  return "";
}

// Returns an empty string when all properties hold, else what broke.
inline std::string CheckVcardInput(std::string_view data, size_t max_card_size = 4096) {
  std::vector<ChunkTrace> first;
  for (size_t step : kReadSteps) {
    std::vector<ChunkTrace> trace;
    std::string problem = TraceVcardInput(data, max_card_size, step, &trace);
    if (!problem.empty()) {
      return problem + " (reading " + std::to_string(step) + " bytes at a time)";
    }
    if (step == kReadSteps[0]) {
      first = std::move(trace);
    } else if (trace != first) {
      return "chunks or decisions differ between reading 1 and " + std::to_string(step) +
             " bytes at a time";
    }
  }
  return "";
}

}  // namespace vcsplit

#endif  // VCSPLIT_FUZZ_VCARD_CHECK_H_
