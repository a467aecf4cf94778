// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/card_log.h"

#include <algorithm>

namespace vcsplit {

namespace {

// Signed differences as unsigned varints: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ...
uint64_t ZigZag(uint64_t to, uint64_t from) {
  return to >= from ? (to - from) << 1 : ((from - to) << 1) - 1;
}
uint64_t UnZigZag(uint64_t base, uint64_t z) {
  return (z & 1) ? base - ((z + 1) >> 1) : base + (z >> 1);
}

constexpr unsigned kMissingNewline = 8, kCrlf = 16, kHasName = 32;
constexpr unsigned kUnreadable = 1, kHasKeys = 2;

}  // namespace

void LogEntry::Clear() {
  kind = ChunkKind::kCard;
  offset = size = line = 0;
  missing_newline = crlf = false;
  people.clear();
  name.clear();
}

void CardLog::PutVarint(uint64_t v) {
  while (v >= 0x80) {
    data_.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  data_.push_back(static_cast<char>(v));
}

size_t CardLog::bytes() const {
  size_t n = 0;
  for (const std::string& b : blocks_) n += b.size();
  return n;
}

void CardLog::Append(const LogEntry& e) {
  data_.clear();
  unsigned flags = static_cast<unsigned>(e.kind) | (e.missing_newline ? kMissingNewline : 0) |
                   (e.crlf ? kCrlf : 0) | (e.name.empty() ? 0 : kHasName);
  data_.push_back(static_cast<char>(flags));
  PutVarint(ZigZag(e.offset, end_));
  PutVarint(e.size);
  PutVarint(ZigZag(e.line, line_));
  PutVarint(e.people.size());
  for (const PersonFacts& p : e.people) {
    PutVarint(static_cast<uint64_t>(static_cast<int64_t>(p.parent) + 1));
    data_.push_back(
        static_cast<char>((p.unreadable ? kUnreadable : 0) | (p.has_keys ? kHasKeys : 0)));
    PutVarint(p.ledger_keys.size());
    for (uint32_t k : p.ledger_keys) PutVarint(k);
  }
  if (!e.name.empty()) {
    PutVarint(e.name.size());
    data_ += e.name;
  }
  if (blocks_.empty() || blocks_.back().size() + data_.size() > blocks_.back().capacity()) {
    blocks_.emplace_back();
    blocks_.back().reserve(std::max(kBlockSize, data_.size()));
  }
  blocks_.back() += data_;
  end_ = e.offset + e.size;
  line_ = e.line;
  ++entries_;
}

uint64_t CardLog::Cursor::Varint() {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    unsigned char b = Byte();
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (b < 0x80) return v;
  }
}

bool CardLog::Cursor::Next(LogEntry* e) {
  while (!data_ || pos_ >= data_->size()) {
    if (data_) ++block_;
    if (block_ >= log_->blocks_.size()) return false;
    data_ = &log_->blocks_[block_];
    pos_ = 0;
  }
  unsigned char flags = Byte();
  e->kind = static_cast<ChunkKind>(flags & 7);
  e->missing_newline = (flags & kMissingNewline) != 0;
  e->crlf = (flags & kCrlf) != 0;
  e->offset = UnZigZag(end_, Varint());
  e->size = Varint();
  e->line = UnZigZag(line_, Varint());
  e->people.resize(static_cast<size_t>(Varint()));
  for (PersonFacts& p : e->people) {
    p.parent = static_cast<int32_t>(Varint()) - 1;
    unsigned char pf = Byte();
    p.unreadable = (pf & kUnreadable) != 0;
    p.has_keys = (pf & kHasKeys) != 0;
    p.ledger_keys.resize(static_cast<size_t>(Varint()));
    for (uint32_t& k : p.ledger_keys) k = static_cast<uint32_t>(Varint());
  }
  e->name.clear();
  if (flags & kHasName) {
    auto n = static_cast<size_t>(Varint());
    e->name.assign(*data_, pos_, n);
    pos_ += n;
  }
  end_ = e->offset + e->size;
  line_ = e->line;
  return true;
}

}  // namespace vcsplit
