// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "vcard/vcard_lines.h"

#include <algorithm>
#include <cstring>

#include "util/text.h"

namespace vcsplit {

namespace {

// The first CR or LF in [begin, end), else end. memchr finds the LF (it
// looks at many bytes at once); a CR can only be before it.
const char* LineBreakIn(const char* begin, const char* end) {
  const void* lf = std::memchr(begin, '\n', static_cast<size_t>(end - begin));
  const char* stop = lf ? static_cast<const char*>(lf) : end;
  const void* cr = std::memchr(begin, '\r', static_cast<size_t>(stop - begin));
  return cr ? static_cast<const char*>(cr) : stop;
}

}  // namespace

bool VcardLine::blank() const {
  if (capped) return false;
  return std::all_of(content.begin(), content.end(), [](char c) { return c == ' ' || c == '\t'; });
}

bool IsVcardMarker(std::string_view content, std::string_view marker) {
  // The same reading as ParseProperty, without building a Property: the
  // name is what follows the last '.' of the trimmed text before the first
  // ';' or ':', and the value starts after the first ':' outside quotes.
  size_t name_end = FindNameEnd(content);
  if (name_end == std::string_view::npos) return false;
  std::string_view name = Trim(content.substr(0, name_end));
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) name.remove_prefix(dot + 1);
  if (!EqualsIgnoreCase(name, marker)) return false;
  size_t colon = FindValueColon(content, name_end);
  if (colon == std::string_view::npos) return false;
  return EqualsIgnoreCase(Trim(content.substr(colon + 1)), "VCARD");
}

bool VcardLineReader::ReadPhysical(VcardLine* line) {
  line->content.clear();
  line->capped = false;
  line->has_break = false;
  line->crlf = false;
  if (!in_->FillTo(pos_ + 1)) return false;
  line->begin = pos_;
  line->number = ++number_;
  for (;;) {
    if (pos_ == in_->end()) {
      Progress();
      if (!in_->FillTo(pos_ + 1)) break;  // the input ends without a line break
    }
    const char* begin = in_->Data(pos_);
    size_t avail = static_cast<size_t>(in_->end() - pos_);
    const char* end = begin + avail;
    const char* hit = LineBreakIn(begin, end);
    size_t len = static_cast<size_t>(hit - begin);
    size_t room = kMaxLineContent - line->content.size();
    line->content.append(begin, std::min(len, room));
    if (len > room) line->capped = true;
    pos_ += len;
    if (hit == end) continue;
    // A line break: LF, CRLF, CR CR LF or CR.
    in_->FillTo(pos_ + 3);
    uint64_t held = in_->end() - pos_;
    size_t brk = 1;
    if (in_->At(pos_) == '\r') {
      if (held >= 2 && in_->At(pos_ + 1) == '\n') {
        brk = 2;
        line->crlf = true;
      } else if (held >= 3 && in_->At(pos_ + 1) == '\r' && in_->At(pos_ + 2) == '\n') {
        brk = 3;
        line->crlf = true;
      }
    }
    pos_ += brk;
    line->has_break = true;
    break;
  }
  line->end = pos_;
  Progress();
  return true;
}

bool VcardLineReader::Continue(VcardLine* line, bool qp) {
  bool joined = false;
  for (;;) {
    if (!in_->FillTo(pos_ + 1)) return joined;
    bool soft_break = qp && !line->content.empty() && line->content.back() == '=';
    if (!soft_break) {
      unsigned char c = in_->At(pos_);
      if (c != ' ' && c != '\t') return joined;
    }
    uint64_t save_pos = pos_, save_number = number_;
    if (!ReadPhysical(&next_)) return joined;
    if (soft_break) {
      // Never swallow the END of the card into a broken QP value (unless
      // its bytes are gone already, in a card over the size limit).
      if (IsVcardMarker(next_.content, "END") && save_pos >= in_->mark()) {
        Seek(save_pos, save_number);
        return joined;
      }
      line->content.pop_back();  // the '=' of the soft break
      line->content += next_.content;
    } else if (line->content.size() + next_.content.size() <= kMaxLineContent) {
      // 3.0/4.0 folding removes the break and one white-space character; in
      // 2.1 the white space is part of the value. Neither matters for keys.
      line->content.append(next_.content, 1, std::string::npos);
    } else {
      line->capped = true;
    }
    joined = true;
    Absorb(line);
  }
}

void VcardLineReader::Absorb(VcardLine* line) const {
  line->capped = line->capped || next_.capped;
  line->has_break = next_.has_break;
  line->end = next_.end;
}

bool VcardLineReader::JoinBase64(VcardLine* line) {
  bool joined = false;
  for (;;) {
    uint64_t save_pos = pos_, save_number = number_;
    if (!ReadPhysical(&next_)) return joined;
    bool ends = next_.blank() || next_.content.find(':') != std::string::npos;
    // A line whose bytes are gone already (a card over the size limit)
    // cannot be read again: it stays part of this one.
    bool gone = save_pos < in_->mark();
    if (ends && !gone) {
      Seek(save_pos, save_number);
      return joined;
    }
    std::string_view data = Trim(next_.content);
    if (!ends && line->content.size() + data.size() <= kMaxLineContent) {
      line->content.append(data.data(), data.size());
    } else {
      line->capped = true;
    }
    joined = true;
    Absorb(line);
    if (ends) return joined;
  }
}

bool VcardLineReader::Complete(VcardLine* line, Property* prop, bool join, bool keys_only) {
  auto parse = keys_only ? ParseKeyProperty : ParseProperty;
  bool parsed = parse(line->content, prop);
  if (join && Continue(line, parsed && prop->quoted_printable)) {
    parsed = parse(line->content, prop);
  }
  if (parsed && prop->base64 && line->has_break && JoinBase64(line)) {
    parsed = parse(line->content, prop);
  }
  return parsed;
}

bool VcardLineReader::NextLogical(VcardLine* line, Property* prop, bool* parsed) {
  do {
    if (!ReadPhysical(line)) return false;
  } while (line->blank());
  bool marker = IsVcardMarker(line->content, "BEGIN") || IsVcardMarker(line->content, "END");
  *parsed = Complete(line, prop, !marker);
  return true;
}

std::vector<std::string> VcardLogicalLines(std::string_view text) {
  InputBuffer in(text);
  VcardLineReader lines(&in);
  VcardLine line;
  Property prop;
  bool parsed = false;
  std::vector<std::string> out;
  while (lines.NextLogical(&line, &prop, &parsed)) out.push_back(line.content);
  return out;
}

}  // namespace vcsplit
