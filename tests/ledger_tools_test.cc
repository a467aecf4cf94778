// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The hash chain (SPEC §4.5), seal, verify, add and init.

#include "ledger/ledger_tools.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "io/sha256.h"
#include "test_util.h"
#include "vcsplit/error.h"

namespace vcsplit {
namespace {

using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::TempDir;
using test::WriteFile;

const std::string kLedger =
    "id,timestamp,status,phone,email,purpose,expires,ref,name\n"
    "1,2024-05-03,given,+49 171 1234567,,whatsapp,,,Anna\n"
    "2,2024-05-04T10:00:00+02:00,refused,,Bob@Example.org,,,,Bob\n"
    "3,2024-06-01 09:30,given,0160 9876543,,whatsapp,2025-12-31,,Carl\n"
    "4,2024-06-02,void,,,,,3,\n";

struct Fixture {
  TempDir dir;
  PhoneNormalizer phones{"DE"};
  std::string Path(const std::string& name = "l.csv") { return dir / name; }
  VerifyResult Seal(const std::string& text, const std::string& name = "l.csv") {
    WriteFile(Path(name), text);
    return SealLedger(Path(name), &phones);
  }
  VerifyResult Verify(const std::string& name = "l.csv",
                      std::optional<std::string> anchor = std::nullopt) {
    return VerifyLedger(Path(name), anchor, &phones);
  }
};

TEST_CASE_METHOD(Fixture, "chain: canonical rows and hashes follow SPEC 4.5", "[chain]") {
  LedgerRow row;
  row.fields[kColTimestamp] = " 3.5.2024 ";
  row.fields[kColStatus] = "Erteilt";
  row.fields[kColPhone] = "0171 1234567";
  row.fields[kColEmail] = "A@B.DE";
  row.fields[kColName] = "Anna";
  row.fields[kColHash] = "ignored";
  CHECK(CanonicalRow(row, &phones) ==
        "timestamp=2024-05-03\nstatus=given\nphone=+491711234567\nemail=a@b.de\nname=Anna");
  row.fields[kColTimestamp] = "2024-05-03T10:00Z";
  CHECK(CanonicalRow(row, &phones).rfind("timestamp=2024-05-03T10:00:00+00:00\n", 0) == 0);
  CHECK(ChainHash(kZeroHash, "x") == Sha256::Of(std::string(kZeroHash) + "\nx"));
}

TEST_CASE_METHOD(Fixture, "chain: seal fills the hash column and verify accepts it", "[chain]") {
  VerifyResult sealed = Seal(kLedger);
  REQUIRE(sealed.ok);
  CHECK(sealed.sealed_rows == 4);
  std::string text = ReadFile(Path());
  CHECK(text.rfind("id,timestamp,status,phone,email,purpose,expires,ref,name,hash\n", 0) == 0);
  VerifyResult v = Verify();
  CHECK(v.ok);
  CHECK(v.last_hash == sealed.last_hash);
  CHECK(Verify("l.csv", sealed.last_hash).ok);
  // Sealing again changes nothing.
  REQUIRE(SealLedger(Path(), &phones).ok);
  CHECK(ReadFile(Path()) == text);
}

TEST_CASE_METHOD(Fixture, "chain: an unsealed ledger does not verify", "[chain]") {
  WriteFile(Path(), kLedger);
  VerifyResult v = Verify();
  CHECK_FALSE(v.ok);
  CHECK_FALSE(v.sealed);
}

TEST_CASE_METHOD(Fixture, "chain: the tampering matrix", "[chain]") {
  REQUIRE(Seal(kLedger).ok);
  const std::string sealed = ReadFile(Path());
  std::vector<std::string> lines;
  for (size_t p = 0, e; (e = sealed.find('\n', p)) != std::string::npos; p = e + 1) {
    lines.push_back(sealed.substr(p, e - p + 1));
  }
  REQUIRE(lines.size() == 5);
  auto join = [](const std::vector<std::string>& ls) {
    std::string s;
    for (const std::string& l : ls) s += l;
    return s;
  };
  struct Case {
    const char* what;
    std::string text;
    uint64_t bad_line;
  };
  std::vector<std::string> edited = lines;
  edited[2].replace(edited[2].find("refused"), 7, "given");
  std::vector<std::string> deleted = lines;
  deleted.erase(deleted.begin() + 2);
  std::vector<std::string> swapped = lines;
  std::swap(swapped[1], swapped[2]);
  std::vector<std::string> inserted = lines;
  inserted.insert(inserted.begin() + 2, lines[1]);
  std::vector<Case> cases = {
      {"edit a field", join(edited), 3},
      {"delete a row", join(deleted), 3},
      {"swap two rows", join(swapped), 2},
      {"insert a copied row", join(inserted), 3},
      {"append an unsealed row", sealed + "5,2026-01-01,given,0171 999,,whatsapp,,,,\n", 6},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    WriteFile(Path(), c.text);
    VerifyResult v = Verify();
    CHECK_FALSE(v.ok);
    CHECK(v.bad_line == c.bad_line);
  }
  // Deleting the last row is only seen with the anchor kept outside the file.
  VerifyResult full = VerifyLedger((WriteFile(Path(), sealed), Path()), std::nullopt, &phones);
  std::vector<std::string> truncated(lines.begin(), lines.end() - 1);
  WriteFile(Path(), join(truncated));
  CHECK(Verify().ok);
  VerifyResult anchored = Verify("l.csv", full.last_hash);
  CHECK_FALSE(anchored.ok);
  CHECK(anchored.problem.rfind("anchor not found", 0) == 0);
}

TEST_CASE_METHOD(Fixture, "chain: spreadsheet round trips that keep the canonical form verify",
                 "[chain]") {
  REQUIRE(Seal(kLedger).ok);
  std::string text = ReadFile(Path());
  std::string reformatted = text;
  auto replace = [&reformatted](const std::string& a, const std::string& b) {
    size_t at = reformatted.find(a);
    REQUIRE(at != std::string::npos);
    reformatted.replace(at, a.size(), b);
  };
  replace("2024-05-03", "03.05.2024");
  replace("+49 171 1234567", "\"+49 (0)171 123 45 67\"");
  replace("Bob@Example.org", "bob@example.org");
  replace("2024-06-01 09:30", "01.06.2024 09:30:00");
  // CRLF line breaks, as a spreadsheet writes them.
  std::string crlf;
  for (char c : reformatted) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  WriteFile(Path(), crlf);
  CHECK(Verify().ok);
}

TEST_CASE_METHOD(Fixture, "chain: German headers, semicolon and JSON Lines give the same chain",
                 "[chain]") {
  VerifyResult english = Seal(kLedger);
  VerifyResult german = Seal(
      "\xEF\xBB\xBFid;Zeitpunkt;Status;Telefon;E-Mail;Zweck;G\xC3\xBCltig_bis;Bezug;Name\n"
      "1;03.05.2024;erteilt;0171 1234567;;whatsapp;;;Anna\n"
      "2;2024-05-04T10:00:00+02:00;nein;;bob@example.org;;;;Bob\n"
      "3;1.6.2024 09:30;ja;+49 160 9876543;;whatsapp;31.12.2025;;Carl\n"
      "4;2.6.2024;storno;;;;;3;\n",
      "de.csv");
  VerifyResult json = Seal(
      "{\"id\":\"1\",\"timestamp\":\"2024-05-03\",\"status\":\"given\",\"phone\":\"+491711234567\","
      "\"purpose\":\"whatsapp\",\"name\":\"Anna\"}\n"
      "{\"id\":\"2\",\"timestamp\":\"2024-05-04T10:00:00+02:00\",\"status\":\"refused\","
      "\"email\":\"bob@example.org\",\"name\":\"Bob\"}\n"
      "{\"id\":\"3\",\"timestamp\":\"2024-06-01 09:30\",\"status\":\"given\","
      "\"phone\":\"0160 9876543\",\"purpose\":\"whatsapp\",\"expires\":\"2025-12-31\","
      "\"name\":\"Carl\"}\n"
      "{\"id\":\"4\",\"timestamp\":\"2024-06-02\",\"status\":\"void\",\"ref\":\"3\"}\n",
      "l.jsonl");
  REQUIRE(english.ok);
  REQUIRE(german.ok);
  REQUIRE(json.ok);
  CHECK(german.last_hash == english.last_hash);
  CHECK(json.last_hash == english.last_hash);
  CHECK(ReadFile(Path("de.csv")).rfind("\xEF\xBB\xBFid;Zeitpunkt;", 0) == 0);
  CHECK(ReadFile(Path("l.jsonl")).find("\"hash\":\"" + json.last_hash + "\"") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "chain: seal refuses to cover a changed row", "[chain]") {
  REQUIRE(Seal(kLedger).ok);
  std::string text = ReadFile(Path());
  text.replace(text.find("Anna"), 4, "Anne");
  text += "5,2026-01-01,given,0171 999,,whatsapp,,,Dora,\n";
  WriteFile(Path(), text);
  VerifyResult r = SealLedger(Path(), &phones);
  CHECK_FALSE(r.ok);
  CHECK(r.bad_line == 2);
  CHECK(ReadFile(Path()) == text);  // untouched
}

TEST_CASE_METHOD(Fixture, "chain: seal keeps the file's mode", "[chain]") {
  WriteFile(Path(), kLedger);
  ::chmod(Path().c_str(), 0640);
  REQUIRE(SealLedger(Path(), &phones).ok);
  CHECK(test::FileMode(Path()) == 0640);
}

TEST_CASE_METHOD(Fixture, "add: appends one canonical row in the file's style", "[add]") {
  WriteFile(Path(), "id;Zeitpunkt;Status;Telefon;E-Mail;Zweck\r\n1;03.05.2024;ja;0171 1;;w\r\n");
  NewEvent e;
  e.status = "Widerrufen";
  e.phones = {"0171 1", "(030) 1234"};
  e.emails = {" Anna@Example.DE "};
  e.purpose = "w";
  e.at = "2.6.2024 10:00";
  CHECK(AppendEvent(Path(), e, &phones) == 3);
  CHECK(ReadFile(Path()) ==
        "id;Zeitpunkt;Status;Telefon;E-Mail;Zweck\r\n1;03.05.2024;ja;0171 1;;w\r\n"
        "2;2024-06-02T10:00:00;withdrawn;+491711, +49301234;anna@example.de;w\r\n");
  NewEvent bad = e;
  bad.method = "email";
  CHECK_THROWS_AS(AppendEvent(Path(), bad, &phones), FatalError);  // no method column
  bad = e;
  bad.status = "perhaps";
  CHECK_THROWS_AS(AppendEvent(Path(), bad, &phones), FatalError);
  bad = e;
  bad.phones = {"not a number"};
  CHECK_THROWS_AS(AppendEvent(Path(), bad, &phones), FatalError);
}

TEST_CASE_METHOD(Fixture, "add: a sealed ledger stays sealed", "[add]") {
  REQUIRE(Seal(kLedger).ok);
  NewEvent e;
  e.status = "withdrawn";
  e.phones = {"+49 171 1234567"};
  e.purpose = "whatsapp";
  e.at = "2026-01-01";
  AppendEvent(Path(), e, &phones);
  VerifyResult v = Verify();
  CHECK(v.ok);
  CHECK(v.sealed_rows == 5);
  CHECK(ReadFile(Path()).find("\n5,2026-01-01,withdrawn,+491711234567,") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "add: concurrent adds never interleave or lose a row", "[add]") {
  REQUIRE(Seal(kLedger).ok);
  const int kPerProcess = 25;
  std::vector<pid_t> pids;
  for (int p = 0; p < 2; ++p) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      for (int i = 0; i < kPerProcess; ++i) {
        std::string phone = "0171 " + std::to_string(p * 1000 + i);
        std::vector<std::string> args = {"ledger",    "add",      "-q",      Path(),
                                         "--status",  "given",    "--phone", phone,
                                         "--purpose", "whatsapp", "--at",    "2026-01-01"};
        std::vector<char*> argv;
        std::string bin = VCSPLIT_BINARY;
        argv.push_back(bin.data());
        for (std::string& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t child = ::fork();
        if (child == 0) {
          ::execv(bin.c_str(), argv.data());
          ::_exit(127);
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ::_exit(1);
      }
      ::_exit(0);
    }
    pids.push_back(pid);
  }
  for (pid_t pid : pids) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  VerifyResult v = Verify();
  CHECK(v.ok);
  CHECK(v.sealed_rows == 4 + 2 * kPerProcess);
  std::string text = ReadFile(Path());
  for (int p = 0; p < 2; ++p) {
    for (int i = 0; i < kPerProcess; ++i) {
      std::optional<std::string> e164 = phones.ToE164("0171 " + std::to_string(p * 1000 + i));
      CHECK(text.find("," + *e164 + ",") != std::string::npos);
    }
  }
}

TEST_CASE_METHOD(Fixture, "init: one pending row per contact with a key, numbers in E.164",
                 "[init]") {
  CollectingReporter quiet;
  std::string en, de;
  size_t rows = WriteLedgerTemplate({test::SourcePath("examples/contacts.vcf")}, BookOptions(),
                                    false, &phones, &quiet, &en);
  // 13 readable cards, one with a nested card; the card without any key
  // (line 66) gets no row, and one warning says so.
  CHECK(rows == 13);
  // The other warning is the example's truncated card.
  REQUIRE(quiet.diagnostics().size() == 2);
  CHECK(FormatDiagnostic(quiet.diagnostics()[1]) ==
        test::SourcePath("examples/contacts.vcf") +
            ":66: 1 contact without a number, e-mail or UID got no row");
  CHECK(en.rfind("timestamp,status,phone,email,uid,purpose,method,notice,evidence,actor,expires,"
                 "name,note\r\n",
                 0) == 0);
  CHECK(en.find("\r\n,,+491711234567,anna.schmidt@example.de,,,,,,,,Anna Schmidt,\r\n") !=
        std::string::npos);
  WriteLedgerTemplate({test::SourcePath("examples/contacts.vcf")}, BookOptions(), true, &phones,
                      &quiet, &de);
  CHECK(de.rfind("\xEF\xBB\xBFzeitpunkt;status;telefon;e-mail;", 0) == 0);
  // The template is a valid ledger with no events.
  WriteFile(Path(), de);
  Ledger ledger;
  LedgerOptions o;
  REQUIRE(ledger.Load({Path()}, o, &phones, &quiet));
  CHECK(ledger.event_count() == 0);
}

}  // namespace
}  // namespace vcsplit
