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

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "book/card.h"
#include "book/chunk_reader.h"
#include "io/source.h"
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
  static constexpr size_t kDefaultMaxCardSize = size_t{64} << 20;

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

  uint64_t bytes_read() const { return bytes_read_; }

 private:
  struct PhysicalLine {
    std::string content;  // without the line break; capped at kMaxLineContent
    bool capped = false;  // content was longer than the cap
    bool has_break = false;
    bool crlf = false;
    uint64_t number = 0;
  };

  // Input buffer.
  bool Fill(size_t want);  // ensures `want` bytes past pos_ unless at EOF
  int PeekByte();          // next byte or -1 at EOF
  bool ReadPhysicalLine(PhysicalLine* line);

  // Raw bytes of the chunk under construction.
  void AppendRaw(std::string_view bytes);
  void BeginLine() { line_start_ = raw_.size(); }

  // Reads the continuation lines of a logical line (folds, QP soft breaks).
  // `qp`: the line is a quoted-printable property, so a trailing `=` joins
  // the next line whatever its indentation. Returns whether it joined any.
  bool ReadContinuations(PhysicalLine* first, bool qp);

  ByteSource* source_;
  std::string display_;
  Reporter* reporter_;
  size_t max_card_size_;
  std::function<void(std::string_view)> overflow_sink_;
  std::string prefix_;  // always empty: vCard outputs need no header

  Property prop_;  // the line being read; kept to reuse its buffers

  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool at_start_ = true;
  uint64_t line_no_ = 0;
  uint64_t bytes_read_ = 0;

  std::string raw_;               // bytes of the current chunk still held
  size_t line_start_ = 0;         // offset in raw_ where the current line starts
  size_t last_nonblank_end_ = 0;  // offset in raw_ after the last non-blank line
  uint64_t chunk_bytes_ = 0;      // total bytes of the current chunk, flushed or held
  bool oversized_ = false;

  // State of the card being read.
  std::vector<int> open_;              // stack of open people (indices into chunk->people)
  size_t first_nested_offset_ = 0;     // offset in raw_ of the first nested BEGIN line
  uint64_t first_nested_line_ = 0;     // 0 when no nested BEGIN has been seen
  bool in_base64_ = false;             // inside a 2.1 base64 block
  size_t nonblank_before_nested_ = 0;  // last_nonblank_end_ just before that line
  PhysicalLine pending_;               // a BEGIN line read while ending the previous chunk
  bool has_pending_ = false;
};

}  // namespace vcsplit

#endif  // VCSPLIT_VCARD_READER_H_
