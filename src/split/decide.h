// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The decision for a card (SPEC §4.4): which output it goes to and why. Pure
// functions of the card's keys, their ledger states and the shared-key index;
// every input format goes through DecideChunk().

#ifndef VCSPLIT_DECIDE_H_
#define VCSPLIT_DECIDE_H_

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "book/card.h"
#include "ledger/ledger.h"
#include "phone/keys.h"
#include "split/card_log.h"

namespace vcsplit {

enum class Output { kNative, kSecondary, kRejects };
const char* OutputName(Output o);  // "native", "secondary", "rejects"

enum class Reason {
  kConsentGiven,
  kConflict,
  kWithdrawn,
  kRevoked,
  kRefused,
  kExpired,
  kSharedKeyOnly,
  kNoLedgerEntry,
  kNoIdentifier,
  kNestedCard,
  kUnreadable,
};
constexpr int kReasonCount = 11;
const char* ReasonName(Reason r);  // the reason words of SPEC §4.4

struct Decision {
  Output output = Output::kSecondary;
  Reason reason = Reason::kUnreadable;
  uint32_t matched = KeyIndex::kNone;  // the ledger id of the key that decided, if one did
};

// Which keys are on two or more cards of the run whose names differ (SPEC
// §4.4). Only keys that are `given` need tracking: the rule only asks about
// them, so memory is bounded by the ledger, not the input. Keys are ledger
// ids (Ledger::Find).
class SharedKeys {
 public:
  // Records that a card (or nested card) named `name` (FN, else N; empty if
  // none) holds `key`. Call once per card and key.
  void Add(uint32_t key, const std::string& name);
  bool IsShared(uint32_t key) const;
  // Room for keys with ids below `keys`, without copying as they come.
  void Reserve(uint32_t keys) { owners_.reserve(keys); }

 private:
  enum : uint32_t { kUnseen, kNamed, kNameless, kShared };
  static constexpr uint32_t kMaxName = (uint32_t{1} << 30) - 1;
  struct Owner {
    uint32_t name = 0;  // the first holder's normalised name: names_[name, name + size())
    uint32_t bits = 0;  // size << 2 | state
    uint32_t size() const { return bits >> 2; }
    uint32_t state() const { return bits & 3; }
    void Set(uint32_t size, uint32_t state) { bits = size << 2 | state; }
  };
  std::vector<Owner> owners_;  // by key id, grown as needed
  std::string names_;
};

enum class UnknownPolicy { kSecondary, kNative };

// What the decision needs of a person with `keys`.
PersonFacts FactsOf(const std::vector<Key>& keys, const Ledger& ledger);

// Decides one person from its keys alone (the table of §4.4, nested rule
// excluded).
Decision DecidePerson(const PersonFacts& person, const Ledger& ledger, const SharedKeys& shared,
                      UnknownPolicy unknown);

// Decides a readable card from its people ([0] the card, nested ones after
// their parent): each person is decided, nested ones first, and the card
// goes to secondary with reason `nested-card` when the table sends it native
// but a nested card would not go native on its own. A card without people
// is rejected.
Decision DecideCard(const std::vector<PersonFacts>& people, const Ledger& ledger,
                    const SharedKeys& shared, UnknownPolicy unknown);

// The same for a chunk as a reader gives it, `keys[i]` being the keys of
// chunk.people[i]; rejected kinds go to rejects.
Decision DecideChunk(const Chunk& chunk, const std::vector<std::vector<Key>>& keys,
                     const Ledger& ledger, const SharedKeys& shared, UnknownPolicy unknown);

}  // namespace vcsplit

#endif  // VCSPLIT_DECIDE_H_
