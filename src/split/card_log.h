// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// What pass 1 learns about each chunk of an input, for pass 2: where its
// bytes are, what kind of chunk it is, and for each person in it the ledger
// keys the decision needs. Pass 2 then decides from the log and copies byte
// ranges instead of parsing the input again. Entries are stored as a stream
// of variable-length integers, about 10 bytes per card, in blocks of 1 MiB
// that are never copied as the log grows.

#ifndef VCSPLIT_SPLIT_CARD_LOG_H_
#define VCSPLIT_SPLIT_CARD_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "book/card.h"

namespace vcsplit {

// What the decision needs of one person (SPEC §4.4).
struct PersonFacts {
  int32_t parent = -1;      // index of the enclosing person, -1 for the top level
  bool unreadable = false;  // never native
  bool has_keys = false;    // any key at all, in the ledger or not
  // The ledger ids (Ledger::Find) of its keys that the ledger names, in the
  // order of the card.
  std::vector<uint32_t> ledger_keys;
};

struct LogEntry {
  ChunkKind kind = ChunkKind::kCard;
  uint64_t offset = 0;  // of its first byte in the input
  uint64_t size = 0;    // bytes
  uint64_t line = 0;
  bool missing_newline = false;
  bool crlf = false;
  std::vector<PersonFacts> people;  // readable chunks only
  std::string name;                 // FN, else N, of the card, when names are kept

  void Clear();
};

class CardLog {
 public:
  void Append(const LogEntry& entry);
  uint64_t entries() const { return entries_; }
  size_t bytes() const;

  // Reads the entries back in order.
  class Cursor {
   public:
    explicit Cursor(const CardLog* log) : log_(log) {}
    bool Next(LogEntry* entry);

   private:
    uint64_t Varint();
    unsigned char Byte() { return static_cast<unsigned char>((*data_)[pos_++]); }
    const CardLog* log_;
    size_t block_ = 0;
    const std::string* data_ = nullptr;  // the block being read
    size_t pos_ = 0;
    uint64_t end_ = 0;   // end offset of the previous entry
    uint64_t line_ = 0;  // line of the previous entry
  };

 private:
  static constexpr size_t kBlockSize = size_t{1} << 20;
  void PutVarint(uint64_t v);

  // Each entry lies whole in one block.
  std::vector<std::string> blocks_;
  std::string data_;  // the entry being written
  uint64_t entries_ = 0;
  uint64_t end_ = 0;
  uint64_t line_ = 0;
};

}  // namespace vcsplit

#endif  // VCSPLIT_SPLIT_CARD_LOG_H_
