// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The vCard line layer: the one place that knows how vCard text is cut into
// lines (SPEC §3.1). Physical lines end in LF, CRLF, CR CR LF (one break, as
// iOS writes it) or CR alone. A logical line is a physical line plus its
// continuations: folds (a next line that starts with a space or tab), and,
// for a quoted-printable property, soft breaks (a value ending in `=` joins
// the next line whatever its indentation, but never an END:VCARD line); after
// a base64 property, 2.1-style base64 lines (not blank, no colon) are
// gathered into it.
//
// The streaming reader, the conversion to 3.0, inline AGENT cards and format
// detection all read lines through this layer, so they agree on every quirk.
// A VcardLineReader reads from an InputBuffer and keeps only offsets into it
// (see io/input_buffer.h); the content of each line is copied out.

#ifndef VCSPLIT_VCARD_VCARD_LINES_H_
#define VCSPLIT_VCARD_VCARD_LINES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "io/input_buffer.h"
#include "vcard/vcard_property.h"

namespace vcsplit {

// A logical line longer than this cannot hold a key; only its first bytes
// are kept in `content` (to recognise the property), the rest still belongs
// to the card's bytes.
constexpr size_t kMaxLineContent = size_t{1} << 20;

struct VcardLine {
  uint64_t begin = 0;      // input offset of its first byte
  uint64_t end = 0;        // input offset after its last line break
  uint64_t number = 0;     // 1-based number of its first physical line
  std::string content;     // without line breaks, unfolded; at most kMaxLineContent bytes
  bool capped = false;     // content was longer than kMaxLineContent
  bool has_break = false;  // its last physical line ends in a line break
  bool crlf = false;       // its first physical line ends in CRLF (or CR CR LF)

  // Only spaces and tabs (and not capped).
  bool blank() const;
};

// Is `content` a `[group.]BEGIN:VCARD` line (marker "BEGIN"), or END? Any
// case, white space around the name and the value allowed.
bool IsVcardMarker(std::string_view content, std::string_view marker);

class VcardLineReader {
 public:
  // Reads `in` from offset `pos`; `number` is the number of the line before.
  explicit VcardLineReader(InputBuffer* in, uint64_t pos = 0, uint64_t number = 0)
      : in_(in), pos_(pos), number_(number) {}

  // Called with the offset scanned so far before the buffer reads more in
  // the middle of a line, and at the end of every physical line, so that the
  // owner can hand over and Release() the bytes of a very long card. It must
  // not release bytes at or after that offset.
  void SetProgressHook(std::function<void(uint64_t scanned)> hook) { hook_ = std::move(hook); }

  // Reads one physical line into `*line`. False at the end of input.
  bool ReadPhysical(VcardLine* line);

  // Joins the continuation lines of `*line` (folds; soft breaks when `qp`).
  // Returns whether it joined any.
  bool Continue(VcardLine* line, bool qp);

  // Completes a logical line whose first physical line is `*line` (not
  // blank): joins its continuations unless `join` is false (BEGIN and END
  // lines are never continued), parses it into `*prop` and gathers base64
  // lines after a base64 property. Returns false when it has no colon.
  // `*prop` points into line->content. `keys_only`: parse it with
  // ParseKeyProperty.
  bool Complete(VcardLine* line, Property* prop, bool join = true, bool keys_only = false);

  // The next logical line that is not blank, completed as above (BEGIN and
  // END lines are not continued). False at the end of input. `*parsed`: it
  // has a colon.
  bool NextLogical(VcardLine* line, Property* prop, bool* parsed);

  // Goes back to offset `pos` (>= the buffer's mark), where line `number`+1
  // starts.
  void Seek(uint64_t pos, uint64_t number) {
    pos_ = pos;
    number_ = number;
  }

  uint64_t pos() const { return pos_; }
  uint64_t number() const { return number_; }

 private:
  // The line just read into next_ is now part of `*line`: its end, its
  // line break and whether it was capped.
  void Absorb(VcardLine* line) const;
  // Gathers 2.1 base64 lines (not blank, without a colon) into `*line`.
  bool JoinBase64(VcardLine* line);
  void Progress() {
    if (hook_) hook_(pos_);
  }

  InputBuffer* in_;
  uint64_t pos_;
  uint64_t number_;
  std::function<void(uint64_t)> hook_;
  VcardLine next_;  // scratch for continuation lines
};

// The logical lines of vCard text (blank lines dropped), e.g. of one card.
std::vector<std::string> VcardLogicalLines(std::string_view text);

}  // namespace vcsplit

#endif  // VCSPLIT_VCARD_VCARD_LINES_H_
