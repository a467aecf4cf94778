// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit ledger ...` run as a user would: exit codes, messages, output.

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "csv/csv.h"
#include "test_util.h"

namespace vcsplit {
namespace {

using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::TempDir;
using test::WriteFile;

TEST_CASE("cli ledger: lint exits 0 clean, 1 with warnings, 2 with errors", "[cli-ledger]") {
  TempDir dir;
  RunResult clean =
      RunVcsplit({"ledger", "lint", test::SourcePath("examples/consent.csv")}, dir.path());
  CHECK(clean.exit_code == 0);
  CHECK(clean.err == "vcsplit: 15 events, 0 errors, 0 warnings\n");

  WriteFile(dir / "warn.csv",
            "id,timestamp,status,phone,purpose,colour\n"
            "1,2024-01-01,given,0171 1,a,red\n"
            "1,2099-01-01,refused,0171 2,a,\n"
            "3,soon,given,0171 3,a,\n"
            "4,2024-01-01,given,not a number,a,\n"
            "5,2024-01-01,given,0171 5,,\n"
            "6,2024-01-01,given,0171 6,b,\n");
  RunResult warn = RunVcsplit({"ledger", "lint", "warn.csv"}, dir.path());
  CHECK(warn.exit_code == 1);
  CHECK(warn.err ==
        "vcsplit: warn.csv:1: unknown column 'colour' ignored\n"
        "vcsplit: warn.csv:4: timestamp cannot be read; given row ignored\n"
        "vcsplit: warn.csv:5: phone number cannot be parsed; given row ignored\n"
        "vcsplit: warn.csv: 5 of 5 numbers without country code are not valid in region DE; "
        "is --region right?\n"
        "vcsplit: warn.csv:3: duplicate id (first at line 2)\n"
        "vcsplit: warn.csv:3: row dated after the evaluation time; ignored\n"
        "vcsplit: warn.csv:6: given without a purpose in a ledger with several purposes; "
        "ignored\n"
        "vcsplit: 6 events, 0 errors, 7 warnings\n");

  WriteFile(dir / "err.csv",
            "id,timestamp,status,phone,ref\n"
            "1,2024-01-01,perhaps,0171 1,\n"
            "2,2024-01-01,void,,\n"
            "3,2024-01-01,void,,99\n");
  RunResult err = RunVcsplit({"ledger", "lint", "err.csv"}, dir.path());
  CHECK(err.exit_code == 2);
  CHECK(err.err.find("vcsplit: err.csv:2: unknown status word 'perhaps'\n") != std::string::npos);
  CHECK(err.err.find("vcsplit: err.csv:3: void row without ref\n") != std::string::npos);
  CHECK(err.err.find("vcsplit: err.csv:4: void refers to an id that names no row\n") !=
        std::string::npos);

  WriteFile(dir / "nocol.csv", "timestamp,phone\n2024-01-01,0171 1\n");
  RunResult nocol = RunVcsplit({"ledger", "lint", "nocol.csv"}, dir.path());
  CHECK(nocol.exit_code == 2);
  CHECK(nocol.err.find("nocol.csv:1: missing required column 'status'") != std::string::npos);
}

TEST_CASE("cli ledger: seal, add, verify and tampering", "[cli-ledger]") {
  TempDir dir;
  WriteFile(dir / "l.csv", ReadFile(test::SourcePath("examples/consent.csv")));
  RunResult seal = RunVcsplit({"ledger", "seal", "l.csv"}, dir.path());
  REQUIRE(seal.exit_code == 0);
  REQUIRE(seal.out.size() == 65);
  std::string anchor = seal.out.substr(0, 64);

  RunResult add = RunVcsplit(
      {"ledger", "add", "l.csv", "--status", "widerrufen", "--phone", "0171 1234567", "--purpose",
       "whatsapp", "--at", "2026-01-05", "--method", "email", "--evidence", "mail 2026-01-05"},
      dir.path());
  CHECK(add.exit_code == 0);
  CHECK(add.err == "vcsplit: l.csv:17: event added\n");

  RunResult verify = RunVcsplit({"ledger", "verify", "l.csv", "--anchor", anchor}, dir.path());
  CHECK(verify.exit_code == 0);
  CHECK(verify.out.size() == 65);
  CHECK(verify.out != seal.out);  // the chain grew

  // The withdrawal is in force for the split.
  RunResult explain = RunVcsplit(
      {"ledger", "explain", "l.csv", "--phone", "+49 171 1234567", "--as-of", "2026-02-01"},
      dir.path());
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.find("state: withdrawn\n") != std::string::npos);
  CHECK(explain.out.find("l.csv:2  2024-03-04") != std::string::npos);
  CHECK(explain.out.find("superseded by a later date") != std::string::npos);

  std::string text = ReadFile(dir / "l.csv");
  text.replace(text.find("Jürgen Weiß"), 6, "Jurgen");
  WriteFile(dir / "l.csv", text);
  RunResult bad = RunVcsplit({"ledger", "verify", "l.csv"}, dir.path());
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.rfind("vcsplit: l.csv:3: hash does not match", 0) == 0);
  RunResult reseal = RunVcsplit({"ledger", "seal", "l.csv"}, dir.path());
  CHECK(reseal.exit_code == 1);
}

TEST_CASE("cli ledger: explain shows void, requested and ties", "[cli-ledger]") {
  TempDir dir;
  RunResult r = RunVcsplit({"ledger", "explain", test::SourcePath("examples/consent.csv"),
                            "--phone", "0163 7778889", "--as-of", "2026-11-30"},
                           dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("ignored: cancelled by the void row at line 15") != std::string::npos);
  CHECK(r.out.find("state: no-entry\n") != std::string::npos);
  RunResult none = RunVcsplit({"ledger", "explain", test::SourcePath("examples/consent.csv"),
                               "--email", "nobody@example.org"},
                              dir.path());
  CHECK(none.out.find("no event names this key") != std::string::npos);
  RunResult two = RunVcsplit({"ledger", "explain", test::SourcePath("examples/consent.csv"),
                              "--email", "a@b.de", "--uid", "x"},
                             dir.path());
  CHECK(two.exit_code == 2);
}

TEST_CASE("cli ledger: init writes a template a split accepts", "[cli-ledger]") {
  TempDir dir;
  RunResult r = RunVcsplit(
      {"ledger", "init", test::SourcePath("examples/contacts.vcf"), "--lang", "de", "-o", "t.csv"},
      dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("vcsplit: 13 rows pending; fill in status and timestamp\n") !=
        std::string::npos);
  CHECK(test::FileMode(dir / "t.csv") == 0600);
  RunResult lint = RunVcsplit({"ledger", "lint", "t.csv"}, dir.path());
  CHECK(lint.exit_code == 0);
  CHECK(lint.err == "vcsplit: 0 events, 0 errors, 0 warnings\n");
}

TEST_CASE("cli ledger: every subcommand has help with an example", "[cli-ledger]") {
  TempDir dir;
  for (const char* sub : {"lint", "init", "add", "seal", "verify", "explain"}) {
    INFO(sub);
    RunResult r = RunVcsplit({"ledger", sub, "--help"}, dir.path());
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Example") != std::string::npos);
  }
}

TEST_CASE("cli ledger: a CSV ledger and its JSON Lines twin give the same split and chain",
          "[cli-ledger]") {
  TempDir dir;
  std::string csv = ReadFile(test::SourcePath("examples/consent.csv"));
  std::vector<CsvRecord> records = ParseCsvText(csv, ',');
  REQUIRE(!records.empty());
  const CsvRecord& header = records[0];
  std::string jsonl;
  for (size_t n = 1; n < records.size(); ++n) {
    const CsvRecord& rec = records[n];
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      if (!rec.fields[i].empty()) obj[header.fields[i]] = rec.fields[i];
    }
    jsonl += obj.dump() + "\n";
  }
  WriteFile(dir / "consent.csv", csv);
  WriteFile(dir / "consent.jsonl", jsonl);
  ::mkdir((dir / "a").c_str(), 0700);
  ::mkdir((dir / "b").c_str(), 0700);
  std::string book = test::SourcePath("examples/contacts.vcf");
  REQUIRE(RunVcsplit({"split", "-q", "-l", "consent.csv", "--as-of", "2026-11-30", "-o", "a", book},
                     dir.path())
              .exit_code == 0);
  REQUIRE(
      RunVcsplit({"split", "-q", "-l", "consent.jsonl", "--as-of", "2026-11-30", "-o", "b", book},
                 dir.path())
          .exit_code == 0);
  for (const char* f : {"native.vcf", "secondary.vcf", "rejects.vcf"}) {
    CHECK(ReadFile(dir / ("a/" + std::string(f))) == ReadFile(dir / ("b/" + std::string(f))));
  }
  CHECK_FALSE(ReadFile(dir / "a/native.vcf").empty());
  RunResult csv_seal = RunVcsplit({"ledger", "seal", "-q", "consent.csv"}, dir.path());
  RunResult json_seal = RunVcsplit({"ledger", "seal", "-q", "consent.jsonl"}, dir.path());
  REQUIRE(csv_seal.exit_code == 0);
  REQUIRE(json_seal.exit_code == 0);
  CHECK(csv_seal.out == json_seal.out);

  // Mixed in one run: the JSON Lines file withdraws a consent of the CSV file.
  WriteFile(dir / "extra.jsonl",
            "{\"timestamp\":\"2026-01-01\",\"status\":\"withdrawn\",\"phone\":\"+49 171 "
            "1234567\",\"purpose\":\"whatsapp\"}\n");
  RunResult mixed = RunVcsplit(
      {"split", "-l", "consent.csv", "-l", "extra.jsonl", "--as-of", "2026-11-30", "-o", "a", book},
      dir.path());
  CHECK(mixed.exit_code == 0);
  CHECK(mixed.err.find("14 cards: 2 native, 11 secondary, 1 rejected") != std::string::npos);
}

}  // namespace
}  // namespace vcsplit
