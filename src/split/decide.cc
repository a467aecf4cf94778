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

void SharedKeys::Add(const Key& key, const std::string& name) {
  std::string normalized = NormalizeName(name);
  auto [it, inserted] = owners_.try_emplace(key);
  Owners& o = it->second;
  if (inserted) {
    o.first_name = std::move(normalized);
    o.nameless = o.first_name.empty();
    return;
  }
  // A card without a name shares with every other card; cards with the same
  // name are duplicates of one contact.
  if (o.nameless || normalized.empty() || normalized != o.first_name) o.shared = true;
}

bool SharedKeys::IsShared(const Key& key) const {
  auto it = owners_.find(key);
  return it != owners_.end() && it->second.shared;
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

Decision DecidePerson(const std::vector<Key>& keys, bool unreadable, const Ledger& ledger,
                      const SharedKeys& shared, UnknownPolicy unknown) {
  Decision d;
  if (unreadable) {
    d.output = Output::kSecondary;
    d.reason = Reason::kUnreadable;
    return d;
  }
  const Key* negative = nullptr;
  State negative_state = State::kNoEntry;
  const Key* first_given = nullptr;
  const Key* unshared_given = nullptr;
  for (const Key& k : keys) {
    State s = ledger.Evaluate(k).state;
    int order = NegativePrecedence(s);
    if (order >= 0 && (!negative || order < NegativePrecedence(negative_state))) {
      negative = &k;
      negative_state = s;
    }
    if (s == State::kGiven) {
      if (!first_given) first_given = &k;
      if (!unshared_given && !shared.IsShared(k)) unshared_given = &k;
    }
  }
  if (negative && first_given) {
    d.output = Output::kSecondary;
    d.reason = Reason::kConflict;
    d.matched = *negative;
  } else if (negative) {
    d.output = Output::kSecondary;
    d.reason = NegativeReason(negative_state);
    d.matched = *negative;
  } else if (unshared_given) {
    d.output = Output::kNative;
    d.reason = Reason::kConsentGiven;
    d.matched = *unshared_given;
  } else if (first_given) {
    d.output = Output::kSecondary;
    d.reason = Reason::kSharedKeyOnly;
    d.matched = *first_given;
  } else {
    d.output = unknown == UnknownPolicy::kNative ? Output::kNative : Output::kSecondary;
    d.reason = keys.empty() ? Reason::kNoIdentifier : Reason::kNoLedgerEntry;
  }
  return d;
}

Decision DecideChunk(const Chunk& chunk, const std::vector<std::vector<Key>>& keys,
                     const Ledger& ledger, const SharedKeys& shared, UnknownPolicy unknown) {
  if (!chunk.readable() || chunk.people.empty()) {
    Decision d;
    d.output = Output::kRejects;
    d.reason = Reason::kUnreadable;
    return d;
  }
  // Children follow their parents, so walking backwards decides every nested
  // card before the card that holds it, without recursion.
  const size_t n = chunk.people.size();
  std::vector<bool> blocked(n, false);  // some nested card would not go native
  Decision top;
  for (size_t i = n; i-- > 0;) {
    const Person& p = chunk.people[i];
    Decision d = DecidePerson(keys[i], p.unreadable, ledger, shared, unknown);
    if (d.output == Output::kNative && blocked[i]) {
      d.output = Output::kSecondary;
      d.reason = Reason::kNestedCard;
      d.matched.reset();
    }
    if (p.parent >= 0 && d.output != Output::kNative) {
      blocked[static_cast<size_t>(p.parent)] = true;
    }
    if (i == 0) top = d;
  }
  return top;
}

}  // namespace vcsplit
