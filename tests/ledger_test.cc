// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "ledger/ledger.h"

#include <cstdlib>
#include <ctime>

#include <catch2/catch.hpp>

#include "test_util.h"
#include "vcsplit/error.h"

namespace vcsplit {
namespace {

using test::TempDir;
using test::WriteFile;

constexpr const char* kHeader = "id,timestamp,status,phone,email,uid,purpose,expires,ref\n";

struct Fixture {
  Fixture() {
    setenv("TZ", "Europe/Berlin", 1);
    tzset();
  }
  // Loads `rows` (after kHeader unless `raw`) evaluated at `as_of`.
  bool Load(const std::string& rows, const std::string& as_of = "2026-06-01",
            std::optional<std::string> purpose = std::nullopt,
            std::optional<std::string> max_age = std::nullopt, bool raw = false,
            const std::string& name = "ledger.csv") {
    std::string path = dir / name;
    WriteFile(path, raw ? rows : kHeader + rows);
    LedgerOptions o;
    o.purpose = purpose;
    o.as_of = EndOfDayOrInstant(*ParseTimestamp(as_of));
    if (max_age) o.max_age = ParseDuration(*max_age);
    reporter.Clear();
    return ledger.Load({path}, o, &phones, &reporter);
  }
  State Phone(const std::string& p) {
    return ledger.Evaluate({KeyType::kPhone, *phones.ToE164(p)}).state;
  }
  State Email(const std::string& e) { return ledger.Evaluate({KeyType::kEmail, e}).state; }
  std::vector<std::string> Messages() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : reporter.diagnostics()) out.push_back(FormatDiagnostic(d));
    return out;
  }

  TempDir dir;
  PhoneNormalizer phones{"DE"};
  CollectingReporter reporter;
  Ledger ledger;
};

TEST_CASE_METHOD(Fixture, "ledger: German headers, semicolon and status aliases", "[ledger]") {
  REQUIRE(
      Load("\xEF\xBB\xBFZeitpunkt;Status;Telefon;E-Mail;Zweck;G\xC3\x9CLTIG_BIS;Notiz\n"
           "03.05.2024;erteilt;0171 1234567;;whatsapp;;\n"
           "04.05.2024;Widerrufen;;a@b.de;whatsapp;;\n"
           "01.05.2024;ja;;a@b.de;whatsapp;;\n",
           "2026-06-01", std::nullopt, std::nullopt, true));
  CHECK(Phone("+49 171 1234567") == State::kGiven);
  CHECK(Email("a@b.de") == State::kWithdrawn);
  CHECK(Email("c@d.de") == State::kNoEntry);
  CHECK(ledger.purpose() == "whatsapp");
  CHECK(reporter.diagnostics().empty());
}

TEST_CASE_METHOD(Fixture, "ledger: every status word and alias is known", "[ledger]") {
  for (const char* w : {"given", "GRANTED", "erteilt", "Ja", "yes"}) {
    CHECK(ParseStatus(w) == Status::kGiven);
  }
  for (const char* w : {"refused", "abgelehnt", "nein", "no"}) {
    CHECK(ParseStatus(w) == Status::kRefused);
  }
  CHECK(ParseStatus("widerrufen") == Status::kWithdrawn);
  CHECK(ParseStatus("beendet") == Status::kRevoked);
  CHECK(ParseStatus("abgelaufen") == Status::kExpired);
  CHECK(ParseStatus("angefragt") == Status::kRequested);
  CHECK(ParseStatus("storno") == Status::kVoid);
  CHECK_FALSE(ParseStatus("maybe"));
}

TEST_CASE_METHOD(Fixture, "ledger: the latest row decides", "[ledger]") {
  REQUIRE(
      Load("1,2024-01-01,given,0171 1,,,,,\n"
           "2,2024-06-01,withdrawn,0171 1,,,,,\n"
           "3,2025-01-01,given,0171 1,,,,,\n"
           "4,2024-01-01,given,0171 2,,,,,\n"
           "5,2024-06-01,refused,0171 2,,,,,\n"));
  CHECK(Phone("0171 1") == State::kGiven);
  CHECK(Phone("0171 2") == State::kRefused);
}

TEST_CASE_METHOD(Fixture, "ledger: on one date, a date-only row makes all rows tie", "[ledger]") {
  REQUIRE(
      Load("1,2024-06-01T18:00,given,0171 1,,,,,\n"
           "2,2024-06-01,refused,0171 1,,,,,\n"));
  CHECK(Phone("0171 1") == State::kRefused);
}

TEST_CASE_METHOD(Fixture, "ledger: with times, the latest instant wins", "[ledger]") {
  REQUIRE(
      Load("1,2024-06-01T09:00,withdrawn,0171 1,,,,,\n"
           "2,2024-06-01T18:00,given,0171 1,,,,,\n"
           "3,2024-06-01T10:00:00+02:00,given,0171 2,,,,,\n"
           "4,2024-06-01T08:00:00Z,withdrawn,0171 2,,,,,\n"));
  CHECK(Phone("0171 1") == State::kGiven);
  // Same instant written in two zones: a tie, and the negative row wins.
  CHECK(Phone("0171 2") == State::kWithdrawn);
}

TEST_CASE_METHOD(Fixture,
                 "ledger: among tied negative rows withdrawn > revoked > refused > expired",
                 "[ledger]") {
  REQUIRE(
      Load("1,2024-06-01,expired,0171 1,,,,,\n"
           "2,2024-06-01,refused,0171 1,,,,,\n"
           "3,2024-06-01,revoked,0171 1,,,,,\n"
           "4,2024-06-01,given,0171 1,,,,,\n"
           "5,2024-06-01,expired,0171 2,,,,,\n"
           "6,2024-06-01,refused,0171 2,,,,,\n"
           "7,2024-06-01,withdrawn,0171 3,,,,,\n"
           "8,2024-06-01,revoked,0171 3,,,,,\n"
           "9,2024-06-01,expired,0171 4,,,,,\n"
           "10,2024-06-01,given,0171 4,,,,,\n"));
  CHECK(Phone("0171 1") == State::kRevoked);
  CHECK(Phone("0171 2") == State::kRefused);
  CHECK(Phone("0171 3") == State::kWithdrawn);
  CHECK(Phone("0171 4") == State::kExpired);
}

TEST_CASE_METHOD(Fixture, "ledger: void cancels its row whatever its date", "[ledger]") {
  REQUIRE(
      Load("1,2024-01-01,given,0171 1,,,,,\n"
           "2,2024-06-01,withdrawn,0171 1,,,,,\n"
           "3,2023-01-01,storno,,,,,,2\n"
           "4,2024-01-01,given,0171 2,,,,,\n"
           "5,2024-02-01,void,,,,,,4\n"));
  CHECK(Phone("0171 1") == State::kGiven);
  CHECK(Phone("0171 2") == State::kNoEntry);
}

TEST_CASE_METHOD(Fixture, "ledger: a void that names no row, several rows or a void is an error",
                 "[ledger]") {
  CHECK_FALSE(Load("1,2024-01-01,given,0171 1,,,,,\n2,2024-02-01,void,,,,,,99\n"));
  CHECK(Messages() ==
        std::vector<std::string>{dir / "ledger.csv:3: void refers to an id that names no row"});
  CHECK_FALSE(
      Load("1,2024-01-01,given,0171 1,,,,,\n1,2024-01-02,given,0171 2,,,,,\n"
           "2,2024-02-01,void,,,,,,1\n"));
  CHECK_FALSE(
      Load("1,2024-01-01,given,0171 1,,,,,\n2,2024-02-01,void,,,,,,1\n"
           "3,2024-02-01,void,,,,,,2\n"));
  CHECK_FALSE(Load("1,2024-01-01,given,0171 1,,,,,\n2,2024-02-01,void,,,,,,\n"));
  CHECK(Messages() == std::vector<std::string>{dir / "ledger.csv:3: void row without ref"});
}

TEST_CASE_METHOD(Fixture, "ledger: requested rows never change the state", "[ledger]") {
  REQUIRE(
      Load("1,2024-01-01,given,0171 1,,,,,\n"
           "2,2024-06-01,requested,0171 1,,,,,\n"
           "3,2024-06-01,angefragt,0171 2,,,,,\n"));
  CHECK(Phone("0171 1") == State::kGiven);
  CHECK(Phone("0171 2") == State::kNoEntry);
}

TEST_CASE_METHOD(Fixture, "ledger: rows after the evaluation time are dropped with a warning",
                 "[ledger]") {
  REQUIRE(
      Load("1,2024-01-01,given,0171 1,,,,,\n"
           "2,2026-06-02,withdrawn,0171 1,,,,,\n",
           "2026-06-01"));
  CHECK(Phone("0171 1") == State::kGiven);
  CHECK(Messages() == std::vector<std::string>{
                          dir / "ledger.csv:3: row dated after the evaluation time; ignored"});
  // A date-only --as-of means the end of that day.
  REQUIRE(Load("1,2026-06-01T23:59,given,0171 1,,,,,\n", "2026-06-01"));
  CHECK(Phone("0171 1") == State::kGiven);
}

TEST_CASE_METHOD(Fixture, "ledger: several purposes need --purpose", "[ledger]") {
  std::string rows =
      "1,2024-01-01,given,0171 1,,,WhatsApp,,\n"
      "2,2024-01-01,given,0171 2,,,signal,,\n"
      "3,2024-01-01,given,0171 3,,,,,\n"
      "4,2024-02-01,refused,0171 1,,,*,,\n"
      "5,2024-01-01,given,0171 4,,,whatsapp,,\n"
      "6,2024-02-01,refused,0171 4,,,signal,,\n";
  CHECK_THROWS_AS(Load(rows), FatalError);
  REQUIRE(Load(rows, "2026-06-01", std::string(" whatsapp ")));
  CHECK(ledger.purpose() == "whatsapp");
  CHECK(Phone("0171 1") == State::kRefused);  // '*' applies to every purpose
  CHECK(Phone("0171 2") == State::kNoEntry);  // another purpose's consent does not count
  CHECK(Phone("0171 3") == State::kNoEntry);  // no purpose in a multi-purpose ledger
  CHECK(Phone("0171 4") == State::kGiven);    // a refusal for another purpose does not apply
  CHECK(Messages() ==
        std::vector<std::string>{
            dir / "ledger.csv: 6 of 6 numbers without country code are not valid in region DE; "
                  "is --region right?",
            dir / "ledger.csv:4: given without a purpose in a ledger with several purposes; "
                  "ignored"});
}

TEST_CASE_METHOD(Fixture, "ledger: a single-purpose ledger counts givens without purpose",
                 "[ledger]") {
  REQUIRE(Load("1,2024-01-01,given,0171 1,,,whatsapp,,\n2,2024-01-01,given,0171 2,,,,,\n"));
  CHECK(ledger.purpose() == "whatsapp");
  CHECK(Phone("0171 2") == State::kGiven);
}

TEST_CASE_METHOD(Fixture, "ledger: expires, date-only through the end of that day", "[ledger]") {
  REQUIRE(
      Load("1,2024-01-01,given,0171 1,,,,2026-06-01,\n"
           "2,2024-01-01,given,0171 2,,,,2026-05-31,\n"
           "3,2024-01-01,given,0171 3,,,,2026-06-01T12:00,\n",
           "2026-06-01"));
  CHECK(Phone("0171 1") == State::kGiven);
  CHECK(Phone("0171 2") == State::kExpired);
  CHECK(Phone("0171 3") == State::kExpired);
  REQUIRE(Load("1,2024-01-01,given,0171 3,,,,2026-06-01T12:00,\n", "2026-06-01T11:59"));
  CHECK(Phone("0171 3") == State::kGiven);
}

TEST_CASE_METHOD(Fixture, "ledger: --max-age expires old consent", "[ledger]") {
  std::string rows = "1,2024-06-01,given,0171 1,,,,,\n2,2024-06-02T10:00,given,0171 2,,,,,\n";
  REQUIRE(Load(rows, "2026-06-01T12:00", std::nullopt, std::string("2y")));
  CHECK(Phone("0171 1") == State::kExpired);
  CHECK(Phone("0171 2") == State::kGiven);
  REQUIRE(Load(rows, "2026-06-01T12:00", std::nullopt, std::string("730d")));
  CHECK(Phone("0171 1") == State::kExpired);  // 2024 had 366 days
  REQUIRE(Load(rows, "2024-06-30", std::nullopt, std::string("1m")));
  CHECK(Phone("0171 1") == State::kGiven);
}

TEST_CASE_METHOD(Fixture, "ledger: an expired row among tied givens makes the key expired",
                 "[ledger]") {
  REQUIRE(
      Load("1,2024-06-01,given,0171 1,,,,,\n"
           "2,2024-06-01,given,0171 1,,,,2025-01-01,\n"));
  CHECK(Phone("0171 1") == State::kExpired);
}

TEST_CASE_METHOD(Fixture, "ledger: unreadable rows are handled fail-closed", "[ledger]") {
  REQUIRE(
      Load("1,someday,given,0171 1,,,,,\n"
           "2,2024-01-01,given,not a number,a@b.de,,,,\n"
           "3,2024-01-01,given,0171 3,,,,soon,\n"
           "4,2024-01-01,given,0171 4,,,,,\n"
           "5,whenever,withdrawn,0171 4,,,,,\n"
           "6,2030-01-01,given,0171 4,,,,,\n"));
  CHECK(Phone("0171 1") == State::kNoEntry);
  CHECK(Email("a@b.de") == State::kNoEntry);  // the whole given row is ignored
  CHECK(Phone("0171 3") == State::kNoEntry);
  CHECK(Phone("0171 4") == State::kRefused);  // refused at any time
  std::string f = dir / "ledger.csv";
  CHECK(Messages() ==
        std::vector<std::string>{
            f + ":2: timestamp cannot be read; given row ignored",
            f + ":3: phone number cannot be parsed; given row ignored",
            f + ":4: expiry date cannot be read; given row ignored",
            f + ":6: timestamp cannot be read; the row's keys count as refused at any time",
            f + ": 5 of 5 numbers without country code are not valid in region DE; is --region "
                "right?",
            f + ":7: row dated after the evaluation time; ignored"});
}

TEST_CASE_METHOD(Fixture, "ledger: structural errors fail the load", "[ledger]") {
  CHECK_FALSE(
      Load("timestamp,phone\n2024-01-01,0171 1\n", "2026-06-01", std::nullopt, std::nullopt, true));
  CHECK(Messages() ==
        std::vector<std::string>{dir / "ledger.csv:1: missing required column 'status'"});
  CHECK_FALSE(Load("timestamp,status,name\n2024-01-01,given,A\n", "2026-06-01", std::nullopt,
                   std::nullopt, true));
  CHECK_FALSE(Load("1,2024-01-01,maybe,0171 1,,,,,\n"));
  CHECK(Messages() == std::vector<std::string>{dir / "ledger.csv:2: unknown status word 'maybe'"});
  CHECK_FALSE(Load("", "2026-06-01", std::nullopt, std::nullopt, true));
}

TEST_CASE_METHOD(Fixture, "ledger: unknown columns warn, empty status is pending", "[ledger]") {
  REQUIRE(Load("timestamp,status,phone,colour\n2024-01-01,,0171 1,red\n", "2026-06-01",
               std::nullopt, std::nullopt, true));
  CHECK(ledger.event_count() == 0);
  CHECK(Phone("0171 1") == State::kNoEntry);
  CHECK(Messages() ==
        std::vector<std::string>{dir / "ledger.csv:1: unknown column 'colour' ignored"});
}

TEST_CASE_METHOD(Fixture, "ledger: one cell may hold several numbers or e-mails", "[ledger]") {
  REQUIRE(Load("1,2024-01-01,given,\"0171 1, 0171 2\",a@b.de|C@D.de,,,,\n"));
  CHECK(Phone("0171 1") == State::kGiven);
  CHECK(Phone("0171 2") == State::kGiven);
  CHECK(Email("c@d.de") == State::kGiven);
}

TEST_CASE_METHOD(Fixture, "ledger: JSON Lines gives the same states as CSV", "[ledger]") {
  std::string jsonl =
      "{\"id\":\"1\",\"timestamp\":\"2024-01-01\",\"status\":\"given\",\"phone\":\"0171 1\"}\n"
      "\n"
      "{\"id\":\"2\",\"Zeitpunkt\":\"2024-06-01\",\"status\":\"widerrufen\",\"phone\":\"0171 1\"}\n"
      "{\"id\":\"3\",\"timestamp\":\"2024-01-01\",\"status\":\"given\",\"email\":\"X@Y.de\"}\n";
  REQUIRE(Load(jsonl, "2026-06-01", std::nullopt, std::nullopt, true, "l.jsonl"));
  CHECK(Phone("0171 1") == State::kWithdrawn);
  CHECK(Email("x@y.de") == State::kGiven);
  CHECK_FALSE(Load("{\"timestamp\":\"2024-01-01\",\"status\":\"given\"\n", "2026-06-01",
                   std::nullopt, std::nullopt, true, "bad.jsonl"));
  CHECK(Messages() == std::vector<std::string>{dir / "bad.jsonl:1: not a JSON object"});
}

TEST_CASE_METHOD(Fixture, "ledger: events of several files are merged", "[ledger]") {
  WriteFile(dir / "a.csv", std::string(kHeader) + "1,2024-01-01,given,0171 1,,,,,\n");
  WriteFile(dir / "b.csv", std::string(kHeader) + "2,2024-06-01,withdrawn,0171 1,,,,,\n");
  LedgerOptions o;
  o.as_of = ParseTimestamp("2026-01-01")->instant;
  REQUIRE(ledger.Load({dir / "a.csv", dir / "b.csv"}, o, &phones, &reporter));
  CHECK(Phone("0171 1") == State::kWithdrawn);
}

}  // namespace
}  // namespace vcsplit
