// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The set of keys a ledger names, each stored once: the texts in one arena,
// an id per key in order of first insertion, and an open-addressing table
// of (stored hash, id) slots, so that a lookup is one hash of the text and
// usually one cache line. About 20 bytes per key plus its text.

#ifndef VCSPLIT_LEDGER_KEY_INDEX_H_
#define VCSPLIT_LEDGER_KEY_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "phone/keys.h"

namespace vcsplit {

// A 64-bit hash of a typed key's text (not cryptographic).
uint64_t HashKey(KeyType type, std::string_view text);

class KeyIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The id of the key, or kNone.
  uint32_t Find(KeyType type, std::string_view text) const;
  uint32_t Find(const Key& key) const { return Find(key.type, key.value); }
  // The id of the key, added when new. Throws FatalError when the index
  // would outgrow its 32-bit offsets (4 GiB of key text).
  uint32_t Insert(KeyType type, std::string_view text);

  uint32_t size() const { return static_cast<uint32_t>(starts_.size() - 1); }
  KeyType TypeOf(uint32_t id) const { return static_cast<KeyType>(arena_[starts_[id]]); }
  std::string_view TextOf(uint32_t id) const {
    return std::string_view(arena_).substr(starts_[id] + 1, starts_[id + 1] - starts_[id] - 1);
  }
  Key KeyOf(uint32_t id) const { return Key{TypeOf(id), std::string(TextOf(id))}; }

  // Makes room for about `keys` keys with `text` bytes of text in all, so
  // that inserting them does not grow (and copy) the tables step by step.
  void Reserve(size_t keys, size_t text);
  void Clear();

 private:
  // A slot: the upper 32 bits of the hash and id + 1 (0: empty).
  static uint64_t Pack(uint64_t hash, uint32_t id) { return (hash >> 32) << 32 | (id + 1u); }
  void Rehash(size_t slots);
  bool Matches(uint32_t id, KeyType type, std::string_view text) const;

  std::vector<uint64_t> slots_;      // size a power of two, at most three quarters full
  std::string arena_;                // per key: its type as one byte, then its text
  std::vector<uint32_t> starts_{0};  // arena offset of key i; one past the last
};

}  // namespace vcsplit

#endif  // VCSPLIT_LEDGER_KEY_INDEX_H_
