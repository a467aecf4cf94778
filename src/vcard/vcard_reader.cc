// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "vcard/vcard_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.h"
#include "vcard/vcard_property.h"

namespace vcsplit {

VcardReader::VcardReader(ByteSource* source, std::string display, Reporter* reporter,
                         size_t max_card_size)
    : display_(std::move(display)),
      reporter_(reporter),
      max_card_size_(max_card_size),
      in_(source),
      lines_(&in_) {
  lines_.SetProgressHook([this](uint64_t scanned) { CheckSize(scanned); });
}

void VcardReader::CheckSize(uint64_t scanned) {
  if (scanned - chunk_start_ <= max_card_size_) return;
  oversized_ = true;
  // Hand over what is held, except the line being read while it is short
  // enough to matter for cutting chunks (a BEGIN line must start the next
  // chunk).
  uint64_t keep_from = scanned - line_begin_ > max_card_size_ ? scanned : line_begin_;
  if (keep_from <= in_.mark()) return;
  if (overflow_sink_) overflow_sink_(in_.View(in_.mark(), keep_from));
  in_.Release(keep_from);
  first_nested_.number = 0;  // bytes are gone: no resuming inside this chunk
}

void VcardReader::Emit(Chunk* chunk, ChunkKind kind, uint64_t end, uint64_t next) {
  chunk->offset = chunk_start_;
  chunk->size = end - chunk_start_;
  if (oversized_) {
    if (overflow_sink_ && end > in_.mark()) overflow_sink_(in_.View(in_.mark(), end));
    chunk->kind = ChunkKind::kOversized;
    chunk->problem = "card larger than --max-card-size";
    chunk->raw.clear();
  } else {
    chunk->kind = kind;
    if (keep_bytes_) {
      std::string_view bytes = in_.View(chunk_start_, end);
      chunk->raw.assign(bytes.data(), bytes.size());
    }
  }
  if (chunk->kind != ChunkKind::kCard) reporter_->Warn(display_, chunk->line, chunk->problem);
  in_.Release(std::max(end, next));
  chunk_start_ = std::max(next, in_.mark());
  oversized_ = false;
  open_.clear();
  first_nested_ = NestedBegin();
  state_ = State::kOutside;
}

void VcardReader::StartCard(const VcardLine& line, Chunk* chunk) {
  state_ = State::kCard;
  chunk_start_ = line.begin;
  chunk->line = line.number;
  chunk->crlf = line.crlf;
  chunk->AddPerson().line = line.number;
  open_.assign(1, 0);
  first_nested_ = NestedBegin();
  last_nonblank_end_ = line.end;
  last_had_break_ = line.has_break;
}

bool VcardReader::Next(Chunk* chunk) {
  chunk->Clear();
  if (at_start_) {
    at_start_ = false;
    in_.FillTo(3);
    if (in_.end() >= 3 && in_.View(0, 3) == "\xEF\xBB\xBF") {
      lines_.Seek(3, 0);
      in_.Release(3);
    }
    chunk_start_ = lines_.pos();
  }
  state_ = State::kOutside;
  if (has_pending_) {
    has_pending_ = false;
    StartCard(pending_, chunk);
  }
  for (;;) {
    line_begin_ = lines_.pos();
    if (state_ == State::kOutside) chunk_start_ = line_begin_;
    if (!lines_.ReadPhysical(&line_)) return OnEnd(chunk);
    Step step = Step::kMore;
    switch (state_) {
      case State::kOutside:
        step = OnOutside(chunk);
        break;
      case State::kJunk:
        step = OnJunk(chunk);
        break;
      case State::kCard:
        step = OnCard(chunk);
        break;
    }
    if (step == Step::kDone) return true;
  }
}

VcardReader::Step VcardReader::OnOutside(Chunk* chunk) {
  if (line_.blank()) {
    // Blank lines between cards are not data. (Bytes of a huge one may have
    // gone to the overflow sink already; they are not a chunk either.)
    in_.Release(line_.end);
    oversized_ = false;
    return Step::kMore;
  }
  if (IsVcardMarker(line_.content, "BEGIN")) {
    StartCard(line_, chunk);
    return Step::kMore;
  }
  state_ = State::kJunk;
  chunk->line = line_.number;
  chunk->crlf = line_.crlf;
  last_nonblank_end_ = line_.end;
  last_had_break_ = line_.has_break;
  return Step::kMore;
}

VcardReader::Step VcardReader::OnJunk(Chunk* chunk) {
  if (line_.blank()) {
    chunk->problem = "text outside a card";
    Emit(chunk, ChunkKind::kJunk, last_nonblank_end_, line_.end);
    return Step::kDone;
  }
  // A BEGIN line starts the next chunk, unless its bytes went to the
  // overflow sink with this one already.
  if (IsVcardMarker(line_.content, "BEGIN") && line_.begin >= in_.mark()) {
    chunk->problem = "text outside a card";
    pending_ = line_;
    has_pending_ = true;
    Emit(chunk, ChunkKind::kJunk, line_.begin, line_.begin);
    return Step::kDone;
  }
  last_nonblank_end_ = line_.end;
  last_had_break_ = line_.has_break;
  return Step::kMore;
}

VcardReader::Step VcardReader::OnCard(Chunk* chunk) {
  if (line_.blank()) return Step::kMore;
  const uint64_t nonblank_before = last_nonblank_end_;
  bool marker = IsVcardMarker(line_.content, "BEGIN") || IsVcardMarker(line_.content, "END");
  bool parsed = lines_.Complete(&line_, &prop_, !marker, /*keys_only=*/true);
  last_nonblank_end_ = line_.end;
  last_had_break_ = line_.has_break;
  if (!parsed) {
    reporter_->Warn(display_, line_.number, "line without a colon skipped");
    return Step::kMore;
  }
  Person& inner = chunk->people[static_cast<size_t>(open_.back())];
  bool is_vcard = EqualsIgnoreCase(Trim(prop_.value), "VCARD");
  if (prop_.name == "BEGIN" && is_vcard) {
    if (Trim(inner.version) == "2.1" && open_.size() < kMaxNesting) {
      if (first_nested_.number == 0) {
        first_nested_ = {line_.number, line_.begin, nonblank_before};
      }
      Person nested;
      nested.parent = open_.back();
      nested.line = line_.number;
      chunk->people.push_back(std::move(nested));
      open_.push_back(static_cast<int>(chunk->people.size() - 1));
      return Step::kMore;
    }
    // A BEGIN line whose bytes went to the overflow sink already (a folded
    // line longer than the limit) cannot start a chunk: it is part of this
    // one, which is rejected.
    if (line_.begin < in_.mark()) return Step::kMore;
    // Inside any other card a BEGIN means the open card lacks its END. So
    // does a BEGIN nested too deeply: cutting there keeps the work linear
    // and the stack flat, whatever the input.
    chunk->problem = Trim(inner.version) == "2.1"
                         ? fmt::format("cards nested more than {} deep", kMaxNesting)
                         : std::string("card has no END:VCARD");
    chunk->people.resize(1);
    pending_ = line_;
    has_pending_ = true;
    Emit(chunk, ChunkKind::kTruncated, nonblank_before, line_.begin);
    return Step::kDone;
  }
  if (prop_.name == "END" && is_vcard) {
    open_.pop_back();
    if (!open_.empty()) return Step::kMore;
    chunk->missing_newline = !line_.has_break;
    Emit(chunk, ChunkKind::kCard, line_.end, line_.end);
    return Step::kDone;
  }
  CollectProperty(prop_, line_.capped, line_.number, display_, reporter_, &chunk->people,
                  open_.back());
  return Step::kMore;
}

bool VcardReader::OnEnd(Chunk* chunk) {
  if (state_ == State::kJunk) {
    chunk->problem = "text outside a card";
    chunk->missing_newline = !last_had_break_;
    Emit(chunk, ChunkKind::kJunk, last_nonblank_end_, lines_.pos());
    return true;
  }
  if (state_ != State::kCard) return false;
  chunk->problem = "card has no END:VCARD";
  if (first_nested_.number != 0 && !oversized_) {
    // A 2.1 card open at the end: reject it up to its first nested BEGIN
    // and read on from there as if the nested cards were top-level (SPEC
    // §3.1). Its bytes are still held: nothing of this chunk was released.
    NestedBegin resume = first_nested_;
    chunk->missing_newline = false;
    Emit(chunk, ChunkKind::kTruncated, resume.nonblank_before, resume.offset);
    lines_.Seek(resume.offset, resume.number - 1);
    chunk->people.resize(1);
    return true;
  }
  chunk->missing_newline = !last_had_break_;
  Emit(chunk, ChunkKind::kTruncated, last_nonblank_end_, lines_.pos());
  chunk->people.resize(std::min<size_t>(chunk->people.size(), 1));
  return true;
}

}  // namespace vcsplit
