// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "io/input_buffer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace vcsplit {

namespace {

// A window that once held a large card gives its memory back when it holds
// less than a quarter of it again.
constexpr size_t kShrinkAbove = size_t{8} << 20;

}  // namespace

InputBuffer::InputBuffer(ByteSource* source) : source_(source) {}

InputBuffer::InputBuffer(std::string_view data) : data_(data), eof_(true) {}

InputBuffer::~InputBuffer() { std::free(storage_); }

void InputBuffer::Reserve(size_t size) {
  if (size == capacity_) return;
  void* grown = std::realloc(storage_, size);
  if (grown == nullptr) throw std::bad_alloc();
  storage_ = static_cast<char*>(grown);
  capacity_ = size;
}

bool InputBuffer::FillTo(uint64_t until) {
  while (end() < until && !eof_) {
    size_t held = data_.size();
    // Drop released bytes once they are at least half of the window, so
    // each byte is moved a bounded number of times.
    size_t dead = static_cast<size_t>(mark_ - base_);
    if (dead > 0 && dead >= held / 2) {
      std::memmove(storage_, storage_ + dead, held - dead);
      held -= dead;
      base_ = mark_;
      data_ = std::string_view(storage_, held);
      if (capacity_ > kShrinkAbove && held + kBlockSize < capacity_ / 4) Reserve(capacity_ / 2);
    }
    if (capacity_ - held < kBlockSize) Reserve(std::max(2 * capacity_, held + kBlockSize));
    data_ = std::string_view(storage_, held);  // valid even if the read throws
    size_t n = source_->Read(storage_ + held, kBlockSize);
    data_ = std::string_view(storage_, held + n);
    if (n == 0) eof_ = true;
  }
  return end() >= until;
}

}  // namespace vcsplit
