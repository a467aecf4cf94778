// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The properties the vCard reader must keep on any input, shared by the
// libFuzzer target and the regression tests that replay what it found:
// every chunk is a byte-identical slice of the input, chunks come in input
// order and do not overlap, an oversized chunk's bytes reach the overflow
// sink, and key extraction never fails.

#ifndef VCSPLIT_FUZZ_VCARD_CHECK_H_
#define VCSPLIT_FUZZ_VCARD_CHECK_H_

#include <string>
#include <string_view>

#include "phone/keys.h"
#include "vcard/vcard_reader.h"

namespace vcsplit {

// Returns an empty string when all properties hold, else what broke.
inline std::string CheckVcardInput(std::string_view data, size_t max_card_size = 4096) {
  StringSource source{std::string(data)};
  NullReporter quiet;
  VcardReader reader(&source, "fuzz", &quiet, max_card_size);
  std::string overflow;
  reader.SetOverflowSink([&overflow](std::string_view b) { overflow.append(b); });
  PhoneNormalizer phones("DE");
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
    overflow.clear();
    if (chunk.people.empty() && chunk.kind == ChunkKind::kCard) return "card without a person";
    for (const Person& p : chunk.people) {
      if (p.parent >= static_cast<int>(&p - chunk.people.data())) return "parent after child";
      PersonKeys(p, &phones, "fuzz", &quiet);
    }
  }
  for (size_t i = pos; i < data.size(); ++i) {
    char c = data[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return "input bytes were dropped";
  }
  return "";
}

}  // namespace vcsplit

#endif  // VCSPLIT_FUZZ_VCARD_CHECK_H_
