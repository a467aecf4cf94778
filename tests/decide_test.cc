// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/decide.h"

#include <catch2/catch.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

// A ledger with one key in each state, evaluated at 2026-01-01.
struct Fixture {
  Fixture() {
    test::WriteFile(dir / "l.csv",
                    "timestamp,status,phone,expires\n"
                    "2024-01-01,given,+49 171 1,\n"
                    "2024-01-01,given,+49 171 2,\n"
                    "2024-01-01,refused,+49 171 3,\n"
                    "2024-01-01,withdrawn,+49 171 4,\n"
                    "2024-01-01,revoked,+49 171 5,\n"
                    "2024-01-01,given,+49 171 6,2025-01-01\n"
                    "2024-01-01,given,+49 30 555,\n");
    LedgerOptions o;
    o.as_of = ParseTimestamp("2026-01-01")->instant;
    REQUIRE(ledger.Load({dir / "l.csv"}, o, &phones, &reporter));
  }
  static Key P(const std::string& e164) { return {KeyType::kPhone, e164}; }
  uint32_t Id(const Key& k) const { return ledger.Find(k); }
  Key Matched(const Decision& d) const { return ledger.KeyOf(d.matched); }
  Decision Decide(const std::vector<Key>& keys, UnknownPolicy u = UnknownPolicy::kSecondary) {
    return DecidePerson(FactsOf(keys, ledger), ledger, shared, u);
  }

  test::TempDir dir;
  PhoneNormalizer phones{"DE"};
  CollectingReporter reporter;
  Ledger ledger;
  SharedKeys shared;
};

const Key kGiven{KeyType::kPhone, "+491711"};
const Key kGiven2{KeyType::kPhone, "+491712"};
const Key kRefused{KeyType::kPhone, "+491713"};
const Key kWithdrawn{KeyType::kPhone, "+491714"};
const Key kRevoked{KeyType::kPhone, "+491715"};
const Key kExpired{KeyType::kPhone, "+491716"};
const Key kLandline{KeyType::kPhone, "+4930555"};
const Key kUnknown{KeyType::kEmail, "nobody@example.org"};

TEST_CASE_METHOD(Fixture, "decide: each row of the table of SPEC 4.4", "[decide]") {
  Decision d = Decide({kGiven});
  CHECK(d.output == Output::kNative);
  CHECK(d.reason == Reason::kConsentGiven);
  CHECK(Matched(d) == kGiven);

  d = Decide({kGiven, kRefused});
  CHECK(d.output == Output::kSecondary);
  CHECK(d.reason == Reason::kConflict);

  CHECK(Decide({kWithdrawn}).reason == Reason::kWithdrawn);
  CHECK(Decide({kRevoked}).reason == Reason::kRevoked);
  CHECK(Decide({kRefused}).reason == Reason::kRefused);
  CHECK(Decide({kExpired}).reason == Reason::kExpired);
  CHECK(Decide({kExpired}).output == Output::kSecondary);
  // The first of withdrawn, revoked, refused, expired that occurs names the reason.
  CHECK(Decide({kExpired, kRefused, kRevoked}).reason == Reason::kRevoked);
  CHECK(Decide({kRefused, kWithdrawn}).reason == Reason::kWithdrawn);

  d = Decide({kUnknown});
  CHECK(d.output == Output::kSecondary);
  CHECK(d.reason == Reason::kNoLedgerEntry);
  CHECK(Decide({kUnknown}, UnknownPolicy::kNative).output == Output::kNative);

  d = Decide({});
  CHECK(d.output == Output::kSecondary);
  CHECK(d.reason == Reason::kNoIdentifier);
  CHECK(Decide({}, UnknownPolicy::kNative).output == Output::kNative);

  // A given key beside an unknown one is enough.
  CHECK(Decide({kUnknown, kGiven}).output == Output::kNative);
}

TEST_CASE_METHOD(Fixture, "decide: a key shared by differently named cards carries no consent",
                 "[decide]") {
  shared.Add(Id(kLandline), "Greta Hoffmann");
  shared.Add(Id(kLandline), "Hans Hoffmann");
  CHECK(shared.IsShared(Id(kLandline)));
  Decision d = Decide({kLandline});
  CHECK(d.output == Output::kSecondary);
  CHECK(d.reason == Reason::kSharedKeyOnly);
  // One unshared given key is enough.
  CHECK(Decide({kLandline, kGiven}).output == Output::kNative);
  CHECK(Matched(Decide({kLandline, kGiven})) == kGiven);
}

TEST_CASE_METHOD(Fixture, "decide: same name is a duplicate, no name shares with everyone",
                 "[decide]") {
  shared.Add(Id(kGiven), "Anna  SCHMIDT");
  shared.Add(Id(kGiven), " anna schmidt");
  CHECK_FALSE(shared.IsShared(Id(kGiven)));
  shared.Add(Id(kGiven2), "Anna Schmidt");
  CHECK_FALSE(shared.IsShared(Id(kGiven2)));
  shared.Add(Id(kGiven2), "");
  CHECK(shared.IsShared(Id(kGiven2)));
}

TEST_CASE_METHOD(Fixture, "decide: nested cards hold back their outer card", "[decide]") {
  Chunk c;
  c.people.resize(3);
  c.people[1].parent = 0;
  c.people[2].parent = 1;
  std::vector<std::vector<Key>> keys = {{kGiven}, {kGiven2}, {kGiven}};
  Decision d = DecideChunk(c, keys, ledger, shared, UnknownPolicy::kSecondary);
  CHECK(d.output == Output::kNative);
  CHECK(d.reason == Reason::kConsentGiven);

  keys[2] = {kUnknown};  // a grandchild without consent
  d = DecideChunk(c, keys, ledger, shared, UnknownPolicy::kSecondary);
  CHECK(d.output == Output::kSecondary);
  CHECK(d.reason == Reason::kNestedCard);

  // --unknown native lets both the unknown nested card and the card through...
  CHECK(DecideChunk(c, keys, ledger, shared, UnknownPolicy::kNative).output == Output::kNative);
  // ...but never a nested card that refused.
  keys[2] = {kRefused};
  d = DecideChunk(c, keys, ledger, shared, UnknownPolicy::kNative);
  CHECK(d.output == Output::kSecondary);
  CHECK(d.reason == Reason::kNestedCard);

  // The card's own refusal is named, not the nested card.
  keys[0] = {kWithdrawn};
  CHECK(DecideChunk(c, keys, ledger, shared, UnknownPolicy::kSecondary).reason ==
        Reason::kWithdrawn);

  // A nested card that could not be read is never native.
  keys = {{kGiven}, {kGiven2}, {kGiven}};
  c.people[2].unreadable = true;
  CHECK(DecideChunk(c, keys, ledger, shared, UnknownPolicy::kNative).reason == Reason::kNestedCard);
}

TEST_CASE_METHOD(Fixture, "decide: chunks that are not cards are rejected as unreadable",
                 "[decide]") {
  for (ChunkKind kind :
       {ChunkKind::kJunk, ChunkKind::kTruncated, ChunkKind::kOversized, ChunkKind::kMalformed}) {
    Chunk c;
    c.kind = kind;
    c.people.resize(1);
    Decision d = DecideChunk(c, {{kGiven}}, ledger, shared, UnknownPolicy::kNative);
    CHECK(d.output == Output::kRejects);
    CHECK(d.reason == Reason::kUnreadable);
  }
}

}  // namespace
}  // namespace vcsplit
