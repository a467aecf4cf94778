// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "vcard/vcard_reader.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "util/text.h"
#include "vcard/vcard_property.h"

namespace vcsplit {

namespace {

constexpr size_t kBlockSize = size_t{64} * 1024;
// A logical line longer than this cannot hold a key; only its first bytes
// are kept (to recognise the property), the rest still goes to the output.
constexpr size_t kMaxLineContent = 1 << 20;

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

// Is this line `[group.]BEGIN:VCARD` (or END), any case, spaces allowed
// around the value? Checked on the physical line, before any unfolding.
bool IsMarker(std::string_view content, std::string_view marker) {
  // Cheap test first (every physical line comes here twice): the property
  // name, before the first ';' or ':', must end with the marker.
  size_t name_end = content.find_first_of(";:");
  if (name_end == std::string_view::npos) return false;
  std::string_view name = Trim(content.substr(0, name_end));
  if (name.size() < marker.size() ||
      !EqualsIgnoreCase(name.substr(name.size() - marker.size()), marker)) {
    return false;
  }
  Property p;
  if (!ParseProperty(content, &p)) return false;
  return p.name == marker && EqualsIgnoreCase(Trim(p.value), "VCARD");
}

}  // namespace

VcardReader::VcardReader(ByteSource* source, std::string display, Reporter* reporter,
                         size_t max_card_size)
    : source_(source),
      display_(std::move(display)),
      reporter_(reporter),
      max_card_size_(max_card_size) {}

bool VcardReader::Fill(size_t want) {
  while (buf_.size() - pos_ < want && !eof_) {
    if (pos_ > 0 && pos_ >= buf_.size() / 2) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    size_t old = buf_.size();
    buf_.resize(old + kBlockSize);
    size_t n = source_->Read(buf_.data() + old, kBlockSize);
    buf_.resize(old + n);
    bytes_read_ += n;
    if (n == 0) eof_ = true;
  }
  return buf_.size() - pos_ >= want;
}

int VcardReader::PeekByte() {
  if (!Fill(1)) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

void VcardReader::AppendRaw(std::string_view bytes) {
  raw_.append(bytes.data(), bytes.size());
  chunk_bytes_ += bytes.size();
  if (chunk_bytes_ <= max_card_size_) return;
  oversized_ = true;
  // Hand over what is held, except the current line while it is short enough
  // to matter for cutting chunks (a BEGIN line must start the next chunk).
  size_t keep_from = raw_.size() - line_start_ > max_card_size_ ? raw_.size() : line_start_;
  if (keep_from == 0) return;
  if (overflow_sink_) overflow_sink_(std::string_view(raw_.data(), keep_from));
  raw_.erase(0, keep_from);
  line_start_ -= keep_from;
  last_nonblank_end_ = last_nonblank_end_ > keep_from ? last_nonblank_end_ - keep_from : 0;
  first_nested_line_ = 0;  // bytes are gone: no resuming inside this chunk
}

bool VcardReader::ReadPhysicalLine(PhysicalLine* line) {
  line->content.clear();
  line->capped = false;
  line->has_break = false;
  line->crlf = false;
  if (!Fill(1)) return false;
  line->number = ++line_no_;
  for (;;) {
    if (!Fill(1)) return true;  // end of input without a line break
    const char* begin = buf_.data() + pos_;
    size_t avail = buf_.size() - pos_;
    const char* end = begin + avail;
    const char* hit = begin;
    while (hit < end && *hit != '\r' && *hit != '\n') ++hit;
    size_t len = static_cast<size_t>(hit - begin);
    if (line->content.size() < kMaxLineContent) {
      size_t room = kMaxLineContent - line->content.size();
      line->content.append(begin, std::min(len, room));
      if (len > room) line->capped = true;
    } else if (len > 0) {
      line->capped = true;
    }
    AppendRaw(std::string_view(begin, len));
    pos_ += len;
    if (hit == end) continue;  // need more input
    // A line break: LF, CRLF, CR CR LF (one break, as iOS writes it) or CR.
    Fill(3);
    size_t brk = 1;
    if (buf_[pos_] == '\r') {
      if (buf_.size() - pos_ >= 2 && buf_[pos_ + 1] == '\n') {
        brk = 2;
        line->crlf = true;
      } else if (buf_.size() - pos_ >= 3 && buf_[pos_ + 1] == '\r' && buf_[pos_ + 2] == '\n') {
        brk = 3;
        line->crlf = true;
      }
    }
    AppendRaw(std::string_view(buf_.data() + pos_, brk));
    pos_ += brk;
    line->has_break = true;
    return true;
  }
}

bool VcardReader::ReadContinuations(PhysicalLine* first, bool qp) {
  PhysicalLine next;
  bool joined = false;
  for (;;) {
    int c = PeekByte();
    if (c < 0) return joined;
    bool soft_break = qp && !first->content.empty() && first->content.back() == '=';
    if (soft_break) {
      // Never swallow the END of the card into a broken QP value.
      size_t save_pos = pos_;
      Fill(64);
      std::string_view ahead(buf_.data() + save_pos, std::min<size_t>(64, buf_.size() - save_pos));
      size_t eol = ahead.find_first_of("\r\n");
      if (IsMarker(ahead.substr(0, eol), "END")) return joined;
      if (!ReadPhysicalLine(&next)) return joined;
      joined = true;
      first->content.pop_back();  // the '=' of the soft break
      first->content += next.content;
      first->capped = first->capped || next.capped;
      first->has_break = next.has_break;
      continue;
    }
    if (c != ' ' && c != '\t') return joined;
    if (!ReadPhysicalLine(&next)) return joined;
    joined = true;
    // 3.0/4.0 folding removes the break and one white-space character; in
    // 2.1 the white space is part of the value. Neither matters for keys.
    if (first->content.size() + next.content.size() <= kMaxLineContent) {
      first->content.append(next.content, 1, std::string::npos);
    } else {
      first->capped = true;
    }
    first->capped = first->capped || next.capped;
    first->has_break = next.has_break;
  }
}

bool VcardReader::Next(Chunk* chunk) {
  chunk->Clear();
  if (at_start_) {
    at_start_ = false;
    Fill(3);
    if (buf_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) pos_ += 3;
  }

  enum class State { kOutside, kJunk, kCard } state = State::kOutside;
  PhysicalLine line;
  bool last_had_break = true;

  auto emit = [&](ChunkKind kind, size_t end) {
    if (oversized_) {
      if (overflow_sink_ && end > 0) overflow_sink_(std::string_view(raw_.data(), end));
      chunk->kind = ChunkKind::kOversized;
      chunk->problem = "card larger than --max-card-size";
      chunk->raw.clear();
    } else {
      chunk->kind = kind;
      chunk->raw.assign(raw_, 0, end);
    }
    if (chunk->kind != ChunkKind::kCard) reporter_->Warn(display_, chunk->line, chunk->problem);
    raw_.erase(0, std::max(end, line_start_));
    line_start_ = 0;
    last_nonblank_end_ = 0;
    chunk_bytes_ = raw_.size();
    oversized_ = false;
    open_.clear();
    first_nested_line_ = 0;
    in_base64_ = false;
  };

  auto start_card = [&](const PhysicalLine& l) {
    chunk->line = l.number;
    chunk->crlf = l.crlf;
    chunk->people.emplace_back();
    chunk->people.back().line = l.number;
    open_.assign(1, 0);
    first_nested_line_ = 0;
    in_base64_ = false;
    last_nonblank_end_ = raw_.size();
    last_had_break = l.has_break;
  };

  if (has_pending_) {
    has_pending_ = false;
    line = pending_;
    start_card(line);
    state = State::kCard;
  }

  for (;;) {
    BeginLine();
    if (!ReadPhysicalLine(&line)) {
      // End of input.
      if (state == State::kJunk) {
        chunk->problem = "text outside a card";
        chunk->missing_newline = !last_had_break;
        emit(ChunkKind::kJunk, last_nonblank_end_);
        return true;
      }
      if (state == State::kCard) {
        chunk->problem = "card has no END:VCARD";
        if (first_nested_line_ != 0 && !oversized_) {
          // A 2.1 card open at the end: reject it up to its first nested
          // BEGIN and read on from there as if the nested cards were
          // top-level (SPEC §3.1).
          std::string rest = raw_.substr(first_nested_offset_);
          size_t cut = nonblank_before_nested_;
          uint64_t resume_line = first_nested_line_;
          chunk->missing_newline = false;
          line_start_ = raw_.size();
          emit(ChunkKind::kTruncated, cut);
          raw_.clear();
          chunk_bytes_ = 0;
          buf_.replace(0, pos_, rest);
          pos_ = 0;
          line_no_ = resume_line - 1;
          chunk->people.resize(1);
          return true;
        }
        chunk->missing_newline = !last_had_break;
        line_start_ = raw_.size();
        emit(ChunkKind::kTruncated, last_nonblank_end_);
        chunk->people.resize(std::min<size_t>(chunk->people.size(), 1));
        return true;
      }
      raw_.clear();
      chunk_bytes_ = 0;
      return false;
    }

    switch (state) {
      case State::kOutside:
        if (IsBlank(line.content) && !line.capped) {
          raw_.clear();
          chunk_bytes_ = 0;
          oversized_ = false;
          continue;
        }
        if (IsMarker(line.content, "BEGIN")) {
          state = State::kCard;
          start_card(line);
          continue;
        }
        state = State::kJunk;
        chunk->line = line.number;
        chunk->crlf = line.crlf;
        last_nonblank_end_ = raw_.size();
        last_had_break = line.has_break;
        continue;

      case State::kJunk:
        if (IsBlank(line.content) && !line.capped) {
          chunk->problem = "text outside a card";
          emit(ChunkKind::kJunk, last_nonblank_end_);
          raw_.clear();
          chunk_bytes_ = 0;
          return true;
        }
        if (IsMarker(line.content, "BEGIN")) {
          chunk->problem = "text outside a card";
          pending_ = line;
          has_pending_ = true;
          emit(ChunkKind::kJunk, line_start_);
          return true;
        }
        last_nonblank_end_ = raw_.size();
        last_had_break = line.has_break;
        continue;

      case State::kCard: {
        bool blank = IsBlank(line.content) && !line.capped;
        if (in_base64_) {
          // 2.1 base64 runs on unindented lines until a blank line or the
          // next property.
          if (blank) {
            in_base64_ = false;
            continue;
          }
          if (line.content.find(':') == std::string::npos) {
            last_nonblank_end_ = raw_.size();
            last_had_break = line.has_break;
            continue;
          }
          in_base64_ = false;
        }
        if (blank) continue;
        size_t this_line_start = line_start_;
        size_t nonblank_before = last_nonblank_end_;
        bool marker = IsMarker(line.content, "BEGIN") || IsMarker(line.content, "END");
        Property& prop = prop_;
        bool parsed = ParseProperty(line.content, &prop);
        // Parsed again only if continuation lines changed it.
        if (!marker && ReadContinuations(&line, parsed && prop.quoted_printable)) {
          parsed = ParseProperty(line.content, &prop);
        }
        last_nonblank_end_ = raw_.size();
        last_had_break = line.has_break;
        if (!parsed) {
          reporter_->Warn(display_, line.number, "line without a colon skipped");
          continue;
        }
        Person& inner = chunk->people[static_cast<size_t>(open_.back())];
        if (prop.name == "BEGIN" && EqualsIgnoreCase(Trim(prop.value), "VCARD")) {
          if (Trim(inner.version) == "2.1" && open_.size() < kMaxNesting) {
            if (first_nested_line_ == 0) {
              first_nested_line_ = line.number;
              first_nested_offset_ = this_line_start;
              nonblank_before_nested_ = nonblank_before;
            }
            Person nested;
            nested.parent = open_.back();
            nested.line = line.number;
            chunk->people.push_back(std::move(nested));
            open_.push_back(static_cast<int>(chunk->people.size() - 1));
            continue;
          }
          // Inside any other card a BEGIN means the open card lacks its END.
          // So does a BEGIN nested too deeply: cutting there keeps the work
          // linear and the stack flat, whatever the input.
          chunk->problem = Trim(inner.version) == "2.1"
                               ? fmt::format("cards nested more than {} deep", kMaxNesting)
                               : std::string("card has no END:VCARD");
          chunk->people.resize(1);
          pending_ = line;
          has_pending_ = true;
          line_start_ = this_line_start;
          emit(ChunkKind::kTruncated, nonblank_before);
          return true;
        }
        if (prop.name == "END" && EqualsIgnoreCase(Trim(prop.value), "VCARD")) {
          open_.pop_back();
          if (!open_.empty()) continue;
          chunk->missing_newline = !line.has_break;
          line_start_ = raw_.size();
          emit(ChunkKind::kCard, raw_.size());
          return true;
        }
        if (prop.base64 && line.has_break) in_base64_ = true;
        CollectProperty(prop, line.capped, line.number, display_, reporter_, &chunk->people,
                        open_.back());
        continue;
      }
    }
  }
}

}  // namespace vcsplit
