// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// What a reader hands to the split: a chunk of input bytes (a card, a CSV
// record, or text outside any card) and the people found in it. The reader
// only decodes values (unfolding, quoted-printable, charset, escapes); turning
// them into matching keys (E.164 numbers, lower-cased e-mails) is the job of
// keys.h, so that every input format shares it.

#ifndef VCSPLIT_CARD_H_
#define VCSPLIT_CARD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vcsplit {

// A card (CSV: record) larger than this is rejected without being held in
// memory whole, unless --max-card-size says otherwise (SPEC §3.1).
constexpr size_t kDefaultMaxCardSize = size_t{64} << 20;

// One person: a card, or a card nested in another (SPEC §3.1). Values are
// UTF-8, decoded and unescaped, not yet normalised.
struct Person {
  int parent = -1;      // index of the enclosing person, -1 for the top level
  uint64_t line = 0;    // line of its BEGIN (CSV: of its record)
  std::string version;  // VERSION value as written, trimmed; empty if none yet
  std::string fn;       // FN (first one), empty if none
  std::string n;        // N with components joined by spaces, empty if none
  std::vector<std::string> tels;
  std::vector<uint64_t> tel_lines;  // line of each entry of `tels`, for warnings
  std::vector<std::string> emails;
  std::vector<std::string> uids;
  bool unreadable = false;  // could not be read (e.g. nested too deeply): never native

  // FN, else N: the name the shared-key rule compares (SPEC §4.4).
  const std::string& DisplayName() const { return fn.empty() ? n : fn; }

  // Empties it, keeping the memory of its strings and lists for the next.
  void Reset() {
    parent = -1;
    line = 0;
    version.clear();
    fn.clear();
    n.clear();
    tels.clear();
    tel_lines.clear();
    emails.clear();
    uids.clear();
    unreadable = false;
  }
};

enum class ChunkKind {
  kCard,       // a complete card (CSV: a well-formed record)
  kJunk,       // non-blank text outside any card (SPEC §2.1)
  kTruncated,  // a card without its END (SPEC §3.1)
  kOversized,  // larger than --max-card-size; its bytes went to the overflow sink
  kMalformed,  // a CSV record that cannot be read (ragged, unterminated quote, ...)
};

struct Chunk {
  ChunkKind kind = ChunkKind::kCard;
  uint64_t line = 0;                // 1-based line of its first byte
  uint64_t offset = 0;              // input offset of its first byte
  uint64_t size = 0;                // its bytes in the input (raw.size() unless kOversized)
  std::string raw;                  // the input bytes, unchanged (empty for kOversized)
  bool missing_newline = false;     // the input ended without a line break after it
  bool crlf = false;                // its first line ends in CRLF (for the added line break)
  std::string problem;              // why it is not a card (for rejected kinds)
  std::vector<Person> people;       // [0] is the card itself; nested ones follow their parent
  std::vector<std::string> fields;  // CSV: the record's fields in UTF-8, for --to vcard

  bool readable() const { return kind == ChunkKind::kCard; }
  // Adds the card's own person, people[0], reusing the memory of the last
  // chunk's (a reader fills a chunk per card).
  Person& AddPerson() {
    people.push_back(std::move(spare_));
    people.back().Reset();
    return people.back();
  }
  void Clear() {
    if (!people.empty()) spare_ = std::move(people[0]);
    kind = ChunkKind::kCard;
    line = 0;
    offset = size = 0;
    raw.clear();
    missing_newline = false;
    crlf = false;
    problem.clear();
    people.clear();
    fields.clear();
  }

 private:
  Person spare_;
};

}  // namespace vcsplit

#endif  // VCSPLIT_CARD_H_
