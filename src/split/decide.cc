// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/decide.h"

#include "util/text.h"

namespace vcsplit {

const char* OutputName(Output o) {
  switch (o) {
    case Output::kNative:
      return "native";
    case Output::kSecondary:
      return "secondary";
    case Output::kRejects:
      return "rejects";
  }
  return "?";
}

const char* ReasonName(Reason r) {
  switch (r) {
    case Reason::kConsentGiven:
      return "consent-given";
    case Reason::kConflict:
      return "conflict";
    case Reason::kWithdrawn:
      return "withdrawn";
    case Reason::kRevoked:
      return "revoked";
    case Reason::kRefused:
      return "refused";
    case Reason::kExpired:
      return "expired";
    case Reason::kSharedKeyOnly:
      return "shared-key-only";
    case Reason::kNoLedgerEntry:
      return "no-ledger-entry";
    case Reason::kNoIdentifier:
      return "no-identifier";
    case Reason::kNestedCard:
      return "nested-card";
    case Reason::kUnreadable:
      return "unreadable";
  }
  return "?";
}

void SharedKeys::Add(uint32_t key, const std::string& name) {
  std::string normalized = NormalizeName(name);
  if (key >= owners_.size()) owners_.resize(key + size_t{1});
  Owner& o = owners_[key];
  if (o.state() == kUnseen) {
    if (names_.size() + normalized.size() > UINT32_MAX || normalized.size() > kMaxName) {
      o.Set(0, kShared);  // no room to compare: fail closed
      return;
    }
    o.name = static_cast<uint32_t>(names_.size());
    o.Set(static_cast<uint32_t>(normalized.size()), normalized.empty() ? kNameless : kNamed);
    names_ += normalized;
    return;
  }
  // A card without a name shares with every other card; cards with the same
  // name are duplicates of one contact.
  if (o.state() == kNameless || normalized.empty() ||
      std::string_view(names_).substr(o.name, o.size()) != normalized) {
    o.Set(o.size(), kShared);
  }
}

bool SharedKeys::IsShared(uint32_t key) const {
  return key < owners_.size() && owners_[key].state() == kShared;
}

namespace {

Reason NegativeReason(State s) {
  switch (s) {
    case State::kWithdrawn:
      return Reason::kWithdrawn;
    case State::kRevoked:
      return Reason::kRevoked;
    case State::kRefused:
      return Reason::kRefused;
    default:
      return Reason::kExpired;
  }
}

}  // namespace

PersonFacts FactsOf(const std::vector<Key>& keys, const Ledger& ledger) {
  PersonFacts facts;
  facts.has_keys = !keys.empty();
  for (const Key& k : keys) {
    uint32_t id = ledger.Find(k);
    if (id != KeyIndex::kNone) facts.ledger_keys.push_back(id);
  }
  return facts;
}

Decision DecidePerson(const PersonFacts& person, const Ledger& ledger, const SharedKeys& shared,
                      UnknownPolicy unknown) {
  Decision d;
  if (person.unreadable) {
    d.output = Output::kSecondary;
    d.reason = Reason::kUnreadable;
    return d;
  }
  // Keys the ledger does not name have no state: they change nothing below.
  uint32_t negative = KeyIndex::kNone;
  State negative_state = State::kNoEntry;
  uint32_t first_given = KeyIndex::kNone;
  uint32_t unshared_given = KeyIndex::kNone;
  for (uint32_t k : person.ledger_keys) {
    State s = ledger.StateOf(k);
    int order = NegativePrecedence(s);
    if (order >= 0 && (negative == KeyIndex::kNone || order < NegativePrecedence(negative_state))) {
      negative = k;
      negative_state = s;
    }
    if (s == State::kGiven) {
      if (first_given == KeyIndex::kNone) first_given = k;
      if (unshared_given == KeyIndex::kNone && !shared.IsShared(k)) unshared_given = k;
    }
  }
  if (negative != KeyIndex::kNone && first_given != KeyIndex::kNone) {
    d.output = Output::kSecondary;
    d.reason = Reason::kConflict;
    d.matched = negative;
  } else if (negative != KeyIndex::kNone) {
    d.output = Output::kSecondary;
    d.reason = NegativeReason(negative_state);
    d.matched = negative;
  } else if (unshared_given != KeyIndex::kNone) {
    d.output = Output::kNative;
    d.reason = Reason::kConsentGiven;
    d.matched = unshared_given;
  } else if (first_given != KeyIndex::kNone) {
    d.output = Output::kSecondary;
    d.reason = Reason::kSharedKeyOnly;
    d.matched = first_given;
  } else {
    d.output = unknown == UnknownPolicy::kNative ? Output::kNative : Output::kSecondary;
    d.reason = person.has_keys ? Reason::kNoLedgerEntry : Reason::kNoIdentifier;
  }
  return d;
}

Decision DecideCard(const std::vector<PersonFacts>& people, const Ledger& ledger,
                    const SharedKeys& shared, UnknownPolicy unknown) {
  Decision top;
  if (people.empty()) {
    top.output = Output::kRejects;
    top.reason = Reason::kUnreadable;
    return top;
  }
  // Children follow their parents, so walking backwards decides every nested
  // card before the card that holds it, without recursion.
  const size_t n = people.size();
  std::vector<bool> blocked(n, false);  // some nested card would not go native
  for (size_t i = n; i-- > 0;) {
    const PersonFacts& p = people[i];
    Decision d = DecidePerson(p, ledger, shared, unknown);
    if (d.output == Output::kNative && blocked[i]) {
      d.output = Output::kSecondary;
      d.reason = Reason::kNestedCard;
      d.matched = KeyIndex::kNone;
    }
    if (p.parent >= 0 && d.output != Output::kNative) {
      blocked[static_cast<size_t>(p.parent)] = true;
    }
    if (i == 0) top = d;
  }
  return top;
}

Decision DecideChunk(const Chunk& chunk, const std::vector<std::vector<Key>>& keys,
                     const Ledger& ledger, const SharedKeys& shared, UnknownPolicy unknown) {
  if (!chunk.readable() || chunk.people.empty()) {
    Decision d;
    d.output = Output::kRejects;
    d.reason = Reason::kUnreadable;
    return d;
  }
  std::vector<PersonFacts> people;
  for (size_t i = 0; i < chunk.people.size(); ++i) {
    people.push_back(FactsOf(keys[i], ledger));
    people.back().parent = chunk.people[i].parent;
    people.back().unreadable = chunk.people[i].unreadable;
  }
  return DecideCard(people, ledger, shared, unknown);
}

}  // namespace vcsplit
