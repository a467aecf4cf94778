// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "ledger/key_index.h"

#include <cstring>

#include "vcsplit/error.h"

namespace vcsplit {

namespace {

constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;  // 2^64 / golden ratio, odd

uint64_t Mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 29;
  return x;
}

}  // namespace

uint64_t HashKey(KeyType type, std::string_view text) {
  uint64_t h = (static_cast<uint64_t>(type) + 1) * kMul ^ text.size();
  const char* p = text.data();
  size_t n = text.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ Mix(w)) * kMul;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  h = (h ^ Mix(tail)) * kMul;
  return Mix(h);
}

bool KeyIndex::Matches(uint32_t id, KeyType type, std::string_view text) const {
  return TypeOf(id) == type && TextOf(id) == text;
}

uint32_t KeyIndex::Find(KeyType type, std::string_view text) const {
  if (slots_.empty()) return kNone;
  uint64_t h = HashKey(type, text);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t s = slots_[i];
    if (s == 0) return kNone;
    if ((s >> 32) == (h >> 32)) {
      uint32_t id = static_cast<uint32_t>(s) - 1;
      if (Matches(id, type, text)) return id;
    }
  }
}

void KeyIndex::Reserve(size_t keys, size_t text) {
  size_t slots = 1024;
  while (slots * 3 < keys * 4) slots *= 2;
  if (slots > slots_.size()) Rehash(slots);
  arena_.reserve(text + keys);
  starts_.reserve(keys + 1);
}

void KeyIndex::Rehash(size_t slots) {
  std::vector<uint64_t>().swap(slots_);
  slots_.assign(slots, 0);
  size_t mask = slots_.size() - 1;
  for (uint32_t id = 0; id < size(); ++id) {
    uint64_t h = HashKey(TypeOf(id), TextOf(id));
    size_t i = h & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = Pack(h, id);
  }
}

uint32_t KeyIndex::Insert(KeyType type, std::string_view text) {
  if ((size() + size_t{1}) * 4 > slots_.size() * 3) {
    Rehash(slots_.empty() ? 1024 : slots_.size() * 2);
  }
  uint64_t h = HashKey(type, text);
  size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (;; i = (i + 1) & mask) {
    uint64_t s = slots_[i];
    if (s == 0) break;
    if ((s >> 32) == (h >> 32)) {
      uint32_t id = static_cast<uint32_t>(s) - 1;
      if (Matches(id, type, text)) return id;
    }
  }
  if (arena_.size() + text.size() + 1 > UINT32_MAX || size() + 1 >= kNone) {
    throw FatalError(kExitUsage, "the ledger holds more than 4 GiB of keys");
  }
  uint32_t id = size();
  arena_.push_back(static_cast<char>(type));
  arena_.append(text);
  starts_.push_back(static_cast<uint32_t>(arena_.size()));
  slots_[i] = Pack(h, id);
  return id;
}

void KeyIndex::Clear() {
  std::vector<uint64_t>().swap(slots_);
  std::string().swap(arena_);
  starts_.assign(1, 0);
}

}  // namespace vcsplit
