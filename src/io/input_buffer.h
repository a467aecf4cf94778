// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The one read buffer of the readers: a window over a ByteSource in which
// every byte is named by its offset from the start of the input, so that a
// position a reader keeps can never go stale when the window moves.
//
// Contract:
// - The window holds the bytes [mark(), end()). FillTo() reads more and may
//   move the held bytes in memory: every pointer and string_view taken from
//   Data() or View() before a FillTo() is invalid after it. Offsets are not:
//   an offset at or after mark() names the same byte before and after.
// - Release(offset) says that bytes before `offset` are no longer needed;
//   they are dropped at a later FillTo(), never before. mark() only grows.
// - An in-memory buffer (the string_view constructor) holds its whole input
//   from the start, never reads and never moves.
//
// Not thread-safe; owned by one reader.

#ifndef VCSPLIT_IO_INPUT_BUFFER_H_
#define VCSPLIT_IO_INPUT_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "io/source.h"

namespace vcsplit {

class InputBuffer {
 public:
  // Bytes asked of the source per read.
  static constexpr size_t kBlockSize = size_t{64} << 10;

  // Reads `source`, which must outlive the buffer.
  explicit InputBuffer(ByteSource* source);
  // Holds `data`, which must outlive the buffer; nothing is ever read.
  explicit InputBuffer(std::string_view data);

  ~InputBuffer();
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;

  // Reads until the bytes before offset `until` are held or the input ends.
  // Returns whether end() >= until. May move the held bytes (see above).
  // Throws what the source throws.
  bool FillTo(uint64_t until);

  // Offset after the last byte read so far.
  uint64_t end() const { return base_ + data_.size(); }
  // Offset of the first byte still held.
  uint64_t mark() const { return mark_; }
  // True once the source has reported its end: end() is the input's size.
  bool at_eof() const { return eof_; }

  // The byte at `offset`; mark() <= offset < end().
  unsigned char At(uint64_t offset) const {
    return static_cast<unsigned char>(data_[offset - base_]);
  }
  // The held bytes from `offset` to end(); mark() <= offset <= end().
  const char* Data(uint64_t offset) const { return data_.data() + (offset - base_); }
  // Bytes [from, to); mark() <= from <= to <= end().
  std::string_view View(uint64_t from, uint64_t to) const {
    return std::string_view(Data(from), static_cast<size_t>(to - from));
  }

  // Bytes before `offset` (<= end()) are no longer needed. Earlier offsets
  // than mark() are ignored.
  void Release(uint64_t offset) {
    if (offset > mark_) mark_ = offset;
  }

 private:
  // Grows the storage to hold at least `size` bytes.
  void Reserve(size_t size);

  ByteSource* source_ = nullptr;
  // Storage when reading a source, from malloc: realloc() moves a large
  // buffer by remapping its pages instead of copying them, so growing to
  // hold a large card never needs twice its memory.
  char* storage_ = nullptr;
  size_t capacity_ = 0;
  std::string_view data_;  // the window: a prefix of storage_, or the in-memory input
  uint64_t base_ = 0;      // offset of data_[0]
  uint64_t mark_ = 0;      // see Release()
  bool eof_ = false;
};

}  // namespace vcsplit

#endif  // VCSPLIT_IO_INPUT_BUFFER_H_
