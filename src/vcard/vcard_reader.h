// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// A streaming vCard tokenizer. It pulls bytes from a ByteSource through a
// buffer and cuts the input into chunks: each card from the first byte of its
// BEGIN:VCARD line through the line break after its END:VCARD line, and each
// run of non-blank text outside a card. Blank lines between cards are
// dropped. Memory is bounded by the largest card (and by --max-card-size: the
// bytes of a larger chunk are passed to the overflow sink as they are read).
//
// Handles the quirks of SPEC §3.1: CR, LF, CRLF and CR CR LF line breaks, a
// BOM, folding, quoted-printable soft breaks, 2.1 base64 blocks, groups,
// nested 2.1 cards, 3.0 inline AGENT cards, missing END lines.
//
// Not thread-safe; one reader per input.

#ifndef VCSPLIT_VCARD_READER_H_
#define VCSPLIT_VCARD_READER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "book/card.h"
#include "book/chunk_reader.h"
#include "io/input_buffer.h"
#include "io/source.h"
#include "vcard/vcard_lines.h"
#include "vcard/vcard_property.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

class VcardReader : public ChunkReader {
 public:
  // How deep 2.1 cards may nest (the outer card counts as 1). A deeper
  // BEGIN ends the open card as truncated and starts a new one, so nesting
  // never costs more than linear time, and converting a card to 3.0 (each
  // level escapes the next once more) stays bounded.
  static constexpr size_t kMaxNesting = 4;

  // `source` and `reporter` must outlive the reader. `display` names the
  // input in messages.
  VcardReader(ByteSource* source, std::string display, Reporter* reporter,
              size_t max_card_size = kDefaultMaxCardSize);

  // Bytes of a chunk that grows past max_card_size are handed here, in order,
  // as they are read (prefix first); the chunk is then returned as
  // kOversized with an empty `raw`. Without a sink those bytes are dropped.
  void SetOverflowSink(std::function<void(std::string_view)> sink) override {
    overflow_sink_ = std::move(sink);
  }

  // Fills `*chunk` with the next chunk. Returns false at the end of input
  // (`*chunk` is then unspecified). Throws FatalError when the source fails.
  bool Next(Chunk* chunk) override;
  const std::string& OutputPrefix() const override { return prefix_; }
  const BookDescription& description() const override { return description_; }

 private:
  enum class State { kOutside, kJunk, kCard };
  // What a handler tells Next(): read on, or `*chunk` is complete.
  enum class Step { kMore, kDone };

  // One handler per state, for a line just read (a physical line; the card
  // handler completes it into a logical line).
  Step OnOutside(Chunk* chunk);
  Step OnJunk(Chunk* chunk);
  Step OnCard(Chunk* chunk);
  // At the end of input; false when no chunk was open.
  bool OnEnd(Chunk* chunk);

  void StartCard(const VcardLine& line, Chunk* chunk);
  // Completes `*chunk` as `kind` with the bytes [chunk_start_, end); the
  // next chunk starts at `next` (bytes in between are blank lines).
  void Emit(Chunk* chunk, ChunkKind kind, uint64_t end, uint64_t next);
  // The line reader's progress hook: hands the bytes of a chunk that grew
  // past max_card_size to the overflow sink as they are read.
  void CheckSize(uint64_t scanned);

  std::string display_;
  Reporter* reporter_;
  size_t max_card_size_;
  std::function<void(std::string_view)> overflow_sink_;
  std::string prefix_;  // always empty: vCard outputs need no header
  BookDescription description_;

  InputBuffer in_;
  VcardLineReader lines_;
  bool at_start_ = true;

  // Every position below is an input offset (see io/input_buffer.h).
  State state_ = State::kOutside;
  VcardLine line_;                  // the line being handled
  Property prop_;                   // its property; kept to reuse its buffers
  uint64_t chunk_start_ = 0;        // first byte of the current chunk
  uint64_t line_begin_ = 0;         // first byte of the line being read
  uint64_t last_nonblank_end_ = 0;  // after the last non-blank line of the chunk
  bool last_had_break_ = true;      // that line ended in a line break
  bool oversized_ = false;          // bytes of this chunk went to the overflow sink

  // State of the card being read.
  std::vector<int> open_;  // stack of open people (indices into chunk->people)
  struct NestedBegin {
    uint64_t number = 0;           // line of the first nested BEGIN; 0: none
    uint64_t offset = 0;           // its first byte
    uint64_t nonblank_before = 0;  // last_nonblank_end_ just before it
  } first_nested_;
  VcardLine pending_;  // a BEGIN line read while ending the previous chunk
  bool has_pending_ = false;
};

}  // namespace vcsplit

#endif  // VCSPLIT_VCARD_READER_H_
