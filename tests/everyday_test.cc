// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The everyday bad cases a new user runs into (issue 13, SPEC 2026-12-01):
// an export that failed, blank lines, typos, the wrong region. Each test
// runs the built binary as a user would.

#include <sys/stat.h>

#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

using test::Exists;
using test::ListDir;
using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SourcePath;
using test::TempDir;
using test::WriteFile;

const std::string kCard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nEMAIL:a@x.de\r\nEND:VCARD\r\n";

struct Night {
  TempDir dir;
  std::string out = dir / "out";
  Night() {
    ::mkdir(out.c_str(), 0700);
    WriteFile(dir / "l.csv", "timestamp,status,email\n2024-01-01,given,a@x.de\n");
    WriteFile(dir / "good.vcf", kCard);
  }
  RunResult Split(const std::vector<std::string>& inputs, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"split", "-l", "l.csv", "-o", "out"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), inputs.begin(), inputs.end());
    return RunVcsplit(args, dir.path());
  }
};

TEST_CASE("no cards, no run: a failed export never replaces yesterday's books", "[everyday]") {
  const std::vector<std::pair<std::string, std::string>> shapes = {
      {"empty.vcf", ""},
      {"blank.vcf", "\r\n\n  \n\t\r\n"},
      {"error-page.vcf", "<html>502 Bad Gateway</html>\n"},
      {"cut-off.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nEMAIL:a@x.de\r\n"},
      {"only-ends.vcf", "END:VCARD\r\nEND:VCARD\r\n"},
      {"header-only.csv", "Name,E-mail\r\n"},
      {"empty.csv", ""},
      {"blank.csv", "\n\n"},
      {"error-page.csv", "<html>502 Bad Gateway</html>\n"},
  };
  for (const auto& [name, data] : shapes) {
    INFO(name);
    Night n;
    bool csv = name.find(".csv") != std::string::npos;
    std::string good = csv ? "good.csv" : "good.vcf";
    if (csv) WriteFile(n.dir / "good.csv", "Name,E-mail\r\nAnna,a@x.de\r\n");
    REQUIRE(n.Split({good}).exit_code == 0);
    std::string ext = csv ? ".csv" : ".vcf";
    std::string native = ReadFile(n.out + "/native" + ext);
    REQUIRE_FALSE(native.empty());
    std::vector<std::string> before = ListDir(n.out);

    WriteFile(n.dir / name, data);
    RunResult r = n.Split({name});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("vcsplit: " + name + ": no cards found; nothing was written\n") !=
          std::string::npos);
    CHECK(ReadFile(n.out + "/native" + ext) == native);
    CHECK(ListDir(n.out) == before);  // no temporary or lock file left

    // One of two inputs empty is enough to stop the run.
    RunResult two = n.Split({good, name});
    CHECK(two.exit_code == 2);
    CHECK(ReadFile(n.out + "/native" + ext) == native);

    // check refuses it too.
    RunResult check = RunVcsplit({"check", "-l", "l.csv", name}, n.dir.path());
    CHECK(check.exit_code == 2);
    CHECK(check.out.empty());
    CHECK(check.err.find("no cards found; nothing was written") != std::string::npos);
  }
}

TEST_CASE("no cards, no run: standard input too, --allow-empty lets a truly empty book through",
          "[everyday]") {
  Night n;
  RunResult piped = RunVcsplit({"split", "-l", "l.csv", "-o", "out", "-"}, n.dir.path(), "");
  CHECK(piped.exit_code == 2);
  CHECK(piped.err == "vcsplit: <stdin>: no cards found; nothing was written\n");
  CHECK(ListDir(n.out).empty());

  WriteFile(n.dir / "empty.vcf", "");
  RunResult allowed = n.Split({"empty.vcf"}, {"--allow-empty"});
  CHECK(allowed.exit_code == 0);
  CHECK(allowed.err == "vcsplit: 0 cards: 0 native, 0 secondary, 0 rejected\n");
  CHECK(ListDir(n.out) == std::vector<std::string>{"native.vcf", "rejects.vcf", "secondary.vcf"});
  CHECK(ReadFile(n.out + "/native.vcf").empty());

  // An error page with --allow-empty is rejected, not dropped.
  WriteFile(n.dir / "page.vcf", "<html>502 Bad Gateway</html>\n");
  RunResult page = n.Split({"page.vcf"}, {"--allow-empty"});
  CHECK(page.exit_code == 0);
  CHECK(ReadFile(n.out + "/rejects.vcf") == "<html>502 Bad Gateway</html>\n");

  // A CSV book of only a header: three books holding the header.
  WriteFile(n.dir / "header.csv", "Name,E-mail\r\n");
  CHECK(n.Split({"header.csv"}, {"--allow-empty"}).exit_code == 0);
  CHECK(ReadFile(n.out + "/native.csv") == "Name,E-mail\r\n");
}

const std::string kBlankEnd = "Name,E-mail\r\nAnna,a@x.de\r\n\r\n";

TEST_CASE("csv: a blank line is not a record, in split, check, diff and --to vcard", "[everyday]") {
  Night n;
  WriteFile(n.dir / "book.csv", kBlankEnd);
  RunResult split = n.Split({"book.csv"}, {"--report", "r.json"});
  CHECK(split.err == "vcsplit: 1 card: 1 native, 0 secondary, 0 rejected\n");
  CHECK(ReadFile(n.out + "/native.csv") == "Name,E-mail\r\nAnna,a@x.de\r\n");
  CHECK(ReadFile(n.out + "/secondary.csv") == "Name,E-mail\r\n");

  RunResult check = RunVcsplit({"check", "-l", "l.csv", "book.csv"}, n.dir.path());
  CHECK(check.exit_code == 0);  // no "no-identifier" for the blank line
  CHECK(check.out.empty());

  WriteFile(n.dir / "old.csv", "Name,E-mail\r\nAnna,a@x.de\r\n");
  RunResult diff = RunVcsplit({"diff", "old.csv", "book.csv"}, n.dir.path());
  CHECK(diff.exit_code == 0);
  CHECK(diff.out.empty());

  RunResult convert = n.Split({"book.csv"}, {"--to", "vcard"});
  CHECK(convert.exit_code == 0);
  std::string native = ReadFile(n.out + "/native.vcf");
  CHECK(native.find("BEGIN:VCARD") == native.rfind("BEGIN:VCARD"));  // one card
  CHECK(native.find("FN:\r\n") == std::string::npos);

  // A row of empty fields is still a record: a contact without keys.
  WriteFile(n.dir / "commas.csv", "Name,E-mail\r\nAnna,a@x.de\r\n,\r\n");
  RunResult commas = n.Split({"commas.csv"}, {"--report", "r.json"});
  CHECK(commas.err == "vcsplit: 2 cards: 1 native, 1 secondary, 0 rejected\n");
  auto report = nlohmann::json::parse(ReadFile(n.dir / "r.json"));
  CHECK(report["reasons"]["no-identifier"] == 1);
}

TEST_CASE("ledger init reads CSV books: E.164 numbers, no row without a key", "[everyday]") {
  TempDir dir;
  WriteFile(dir / "google.csv",
            "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,"
            "Phone 1 - Value\r\n"
            "Anna Schmidt,Anna,Schmidt,* Work,anna@x.de,Mobile,0171 1234567\r\n"
            "Parkhaus,,,,,,\r\n"
            "Ben Meyer,Ben,Meyer,,,Work,+49 30 12345678 ::: 030 87654321\r\n");
  RunResult r = RunVcsplit({"ledger", "init", "google.csv", "-o", "new.csv"}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err ==
        "vcsplit: google.csv:3: 1 contact without a number, e-mail or UID got no row\n"
        "vcsplit: 2 rows pending; fill in status and timestamp\n");
  CHECK(ReadFile(dir / "new.csv") ==
        "timestamp,status,phone,email,uid,purpose,method,notice,evidence,actor,expires,name,"
        "note\r\n"
        ",,+491711234567,anna@x.de,,,,,,,,Anna Schmidt,\r\n"
        ",,\"+493012345678, +493087654321\",,,,,,,,,Ben Meyer,\r\n");
  // The template is a ledger the split accepts.
  RunResult lint = RunVcsplit({"ledger", "lint", "new.csv"}, dir.path());
  CHECK(lint.exit_code == 0);
}

TEST_CASE("convert: Google's current labels type numbers, custom ones become X-ABLabel",
          "[everyday]") {
  Night n;
  WriteFile(n.dir / "google.csv",
            "First Name,Middle Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,"
            "Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Phone 3 - Label,Phone 3 - Value\r\n"
            "Anna,,Schmidt,* Home,anna@x.de,Mobile,0171 1234567,Work Fax,030 1234567,Boat,"
            "0170 9999999\r\n");
  RunResult r = n.Split({"google.csv"}, {"--to", "vcard", "--unknown", "native"});
  CHECK(r.exit_code == 0);
  CHECK(ReadFile(n.out + "/native.vcf") ==
        "BEGIN:VCARD\r\n"
        "VERSION:3.0\r\n"
        "FN:Anna Schmidt\r\n"
        "N:Schmidt;Anna;;;\r\n"
        "TEL;TYPE=CELL:0171 1234567\r\n"
        "TEL;TYPE=WORK,FAX:030 1234567\r\n"
        "item1.TEL:0170 9999999\r\n"
        "item1.X-ABLabel:Boat\r\n"
        "EMAIL;TYPE=INTERNET,PREF,HOME:anna@x.de\r\n"
        "END:VCARD\r\n");
}

TEST_CASE("convert: exactly one CRLF after a last 2.1 card without a line break", "[everyday]") {
  Night n;
  WriteFile(n.dir / "l.csv", "timestamp,status,phone\n2024-01-01,given,0171 1234567\n");
  for (std::string eol : {"\r\n", "\n"}) {
    INFO(eol.size());
    std::string card = "BEGIN:VCARD" + eol + "VERSION:2.1" + eol + "N:Doe;Jane" + eol +
                       "TEL;CELL:0171 1234567" + eol + "END:VCARD";
    WriteFile(n.dir / "last.vcf", card);
    REQUIRE(n.Split({"last.vcf"}, {"--to", "vcard"}).exit_code == 0);
    std::string native = ReadFile(n.out + "/native.vcf");
    CHECK(native ==
          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nN:Doe;Jane\r\nTEL;TYPE=CELL:0171 "
          "1234567\r\nEND:VCARD\r\n");
  }
  // A 3.0 card passes through; without a final break it gets one CRLF.
  WriteFile(n.dir / "last30.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:J\nTEL:0171 1234567\nEND:VCARD");
  REQUIRE(n.Split({"last30.vcf"}, {"--to", "vcard"}).exit_code == 0);
  CHECK(ReadFile(n.out + "/native.vcf") ==
        "BEGIN:VCARD\nVERSION:3.0\nFN:J\nTEL:0171 1234567\nEND:VCARD\r\n");
}

TEST_CASE("convert: FN is never empty, X- values keep their structure", "[everyday]") {
  Night n;
  WriteFile(n.dir / "l.csv", "timestamp,status,phone,email\n");
  // An e-mail-only row, an organisation, a 2.1 call-log card with a number only.
  WriteFile(n.dir / "rows.csv",
            "First Name,Last Name,Company,E-mail Address,Mobile Phone\r\n"
            ",,,only@x.de,\r\n"
            ",,ACME,,\r\n"
            ",,,,0171 1234567\r\n");
  REQUIRE(n.Split({"rows.csv"}, {"--to", "vcard", "--unknown", "native"}).exit_code == 0);
  std::string native = ReadFile(n.out + "/native.vcf");
  CHECK(native.find("FN:only@x.de\r\n") != std::string::npos);
  CHECK(native.find("FN:ACME\r\n") != std::string::npos);
  CHECK(native.find("FN:0171 1234567\r\n") != std::string::npos);
  CHECK(native.find("FN:\r\n") == std::string::npos);

  WriteFile(n.dir / "android.vcf",
            "BEGIN:VCARD\r\nVERSION:2.1\r\nTEL;CELL:0171 1234567\r\n"
            "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Joey;1;;;;;;;;;;;;;\r\n"
            "END:VCARD\r\n");
  REQUIRE(n.Split({"android.vcf"}, {"--to", "vcard", "--unknown", "native"}).exit_code == 0);
  CHECK(ReadFile(n.out + "/native.vcf") ==
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:0171 1234567\r\nTEL;TYPE=CELL:0171 "
        "1234567\r\nX-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Joey;1;;;;;;;;;;;;;\r\n"
        "END:VCARD\r\n");
}

TEST_CASE("diff: trailing empty components are no change, books of two formats compare",
          "[everyday]") {
  TempDir dir;
  WriteFile(dir / "old.vcf",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:s-1\r\nFN:Staff\r\nN:Staff\r\nORG:ACME;\r\n"
            "ADR;TYPE=WORK:;;Main St 5;Berlin;;10115;\r\nEND:VCARD\r\n");
  WriteFile(dir / "new.vcf",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:s-1\r\nFN:Staff\r\nN:Staff;;;;\r\nORG:ACME\r\n"
            "ADR;TYPE=WORK:;;Main St 5;Berlin;;10115\r\nEND:VCARD\r\n");
  RunResult same = RunVcsplit({"diff", "old.vcf", "new.vcf"}, dir.path());
  CHECK(same.exit_code == 0);
  CHECK(same.err == "vcsplit: 0 left, 0 joined, 0 changed, 1 unchanged\n");

  // Last night's CSV export against tonight's --to vcard book.
  WriteFile(dir / "l.csv", "timestamp,status,email\n2024-01-01,given,anna@x.de\n");
  WriteFile(dir / "export.csv",
            "First Name,Last Name,E-mail Address,Mobile Phone\r\n"
            "Anna,Schmidt,anna@x.de,0171 1234567\r\n"
            "Ben,Meyer,ben@x.de,\r\n");
  REQUIRE(RunVcsplit(
              {"split", "-q", "-l", "l.csv", "--to", "vcard", "--unknown", "native", "export.csv"},
              dir.path())
              .exit_code == 0);
  RunResult mixed = RunVcsplit({"diff", "export.csv", "native.vcf"}, dir.path());
  CHECK(mixed.exit_code == 0);
  CHECK(mixed.err == "vcsplit: 0 left, 0 joined, 0 changed, 2 unchanged\n");
  RunResult json = RunVcsplit({"diff", "--format", "json", "export.csv", "native.vcf"}, dir.path());
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["format"] == "mixed");
}

TEST_CASE("messages: a bad word is quoted, with the closest known word", "[everyday]") {
  TempDir dir;
  WriteFile(dir / "consent.csv", "timestamp,status,email\n2024-01-01,givne,a@x.de\n");
  WriteFile(dir / "a.vcf", kCard);
  RunResult status = RunVcsplit({"split", "-l", "consent.csv", "a.vcf"}, dir.path());
  CHECK(status.exit_code == 2);
  CHECK(status.err.find("vcsplit: consent.csv:2: unknown status word 'givne' (did you mean "
                        "'given'?)\n") != std::string::npos);

  RunResult command = RunVcsplit({"splt"}, dir.path());
  CHECK(command.exit_code == 2);
  CHECK(command.err ==
        "vcsplit: unknown command 'splt' (did you mean 'split'?)\n"
        "Run 'vcsplit --help' for the commands.\n");

  // The unknown option is named before the missing required one.
  RunResult option = RunVcsplit({"split", "--ledgr", "consent.csv", "a.vcf"}, dir.path());
  CHECK(option.exit_code == 2);
  CHECK(option.err ==
        "vcsplit split: unknown option '--ledgr' (did you mean '--ledger'?)\n"
        "Run 'vcsplit split --help' for the options.\n");
  RunResult missing = RunVcsplit({"split", "a.vcf"}, dir.path());
  CHECK(missing.err ==
        "vcsplit split: --ledger is required\nRun 'vcsplit split --help' for the options.\n");
  RunResult sub = RunVcsplit({"ledger", "verfiy", "consent.csv"}, dir.path());
  CHECK(sub.err ==
        "vcsplit ledger: unknown command 'verfiy' (did you mean 'verify'?)\n"
        "Run 'vcsplit ledger --help' for the commands.\n");
  CHECK(ListDir(dir.path()) == std::vector<std::string>{"a.vcf", "consent.csv"});
}

TEST_CASE("messages: a method word is quoted only when it is a typo of a known one", "[everyday]") {
  TempDir dir;
  WriteFile(dir / "consent.csv",
            "timestamp,status,email,method\n"
            "2024-01-01,given,a@x.de,emial\n"
            "2024-01-02,given,b@x.de,told by Maria Weber at the fair\n");
  WriteFile(dir / "a.vcf", kCard);
  RunResult r =
      RunVcsplit({"split", "-l", "consent.csv", "--report", "run.json", "a.vcf"}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("consent.csv:2: unknown method word 'emial' (did you mean 'email'?)") !=
        std::string::npos);
  CHECK(r.err.find("consent.csv:3: unknown method word (expected written, email") !=
        std::string::npos);
  // Neither stderr nor the report quotes the free text.
  CHECK(r.err.find("Maria") == std::string::npos);
  CHECK(ReadFile(dir / "run.json").find("Maria") == std::string::npos);
  CHECK(ReadFile(dir / "run.json").find("unknown method word (expected") != std::string::npos);
}

TEST_CASE("messages: a --purpose that no ledger row names is said, with the closest one",
          "[everyday]") {
  TempDir dir;
  WriteFile(dir / "consent.csv",
            "timestamp,status,email,purpose\n2024-01-01,given,a@x.de,WhatsApp\n"
            "2024-01-02,given,b@x.de,newsletter\n");
  WriteFile(dir / "a.vcf", kCard);
  auto split = [&](const char* purpose) {
    return RunVcsplit(
        {"split", "-l", "consent.csv", "--purpose", purpose, "--report", "run.json", "a.vcf"},
        dir.path());
  };
  // A typo: allowed (every card secondary, as SPEC §4.3 says), but said,
  // on stderr and in the report.
  RunResult typo = split("whatsap");
  CHECK(typo.exit_code == 0);
  CHECK(typo.err.find("vcsplit: --purpose: no ledger row names 'whatsap' (did you mean "
                      "'whatsapp'?); no consent counts for it\n") != std::string::npos);
  CHECK(typo.err.find("0 native, 1 secondary") != std::string::npos);
  CHECK(ReadFile(dir / "run.json").find("no ledger row names 'whatsap'") != std::string::npos);
  // Far from every purpose: said without a suggestion.
  RunResult other = split("signal");
  CHECK(other.err.find("--purpose: no ledger row names 'signal'; no consent counts for it") !=
        std::string::npos);
  // A purpose the ledger names, in any case: nothing said, the card native.
  RunResult named = split("WHATSAPP");
  CHECK(named.exit_code == 0);
  CHECK(named.err.find("--purpose") == std::string::npos);
  CHECK(named.err.find("1 native, 0 secondary") != std::string::npos);
}

TEST_CASE("messages: a file named twice, and -o naming a file", "[everyday]") {
  TempDir dir;
  WriteFile(dir / "consent.csv", "id,timestamp,status,email\n1,2024-01-01,given,a@x.de\n");
  WriteFile(dir / "a.vcf", kCard);
  ::mkdir((dir / "out").c_str(), 0700);
  WriteFile(dir / "out/native.vcf", "yesterday\n");
  auto run = [&](std::vector<std::string> args) {
    RunResult r = RunVcsplit(args, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(ListDir(dir / "out") == std::vector<std::string>{"native.vcf"});
    CHECK(ReadFile(dir / "out/native.vcf") == "yesterday\n");
    return r.err;
  };
  // The same input twice (an overlapping glob) would put its cards twice
  // into the books; the same ledger twice would hold every row twice.
  CHECK(run({"split", "-l", "consent.csv", "-o", "out", "a.vcf", "./a.vcf"}) ==
        "vcsplit: ./a.vcf: the same file as input a.vcf; name each input once\n");
  CHECK(run({"check", "-l", "consent.csv", "a.vcf", "a.vcf"}) ==
        "vcsplit: a.vcf: the same file as input a.vcf; name each input once\n");
  CHECK(run({"split", "-l", "consent.csv", "-l", dir / "consent.csv", "-o", "out", "a.vcf"}) ==
        "vcsplit: " + (dir / "consent.csv") +
            ": the same file as ledger consent.csv; name each ledger once\n");
  CHECK(run({"ledger", "lint", "consent.csv", "consent.csv"}) ==
        "vcsplit: consent.csv: the same file as ledger consent.csv; name each ledger once\n");
  // -o names a directory; a file there is said to be one.
  CHECK(run({"split", "-l", "consent.csv", "-o", "a.vcf", "a.vcf"}) ==
        "vcsplit: a.vcf: not a directory (-o names the directory the books go to)\n");
  // Two different files are two inputs, as before.
  WriteFile(dir / "b.vcf", kCard);
  RunResult two =
      RunVcsplit({"split", "-q", "-l", "consent.csv", "-o", "out", "a.vcf", "b.vcf"}, dir.path());
  CHECK(two.exit_code == 0);
  CHECK(ReadFile(dir / "out/native.vcf") == kCard + kCard);
}

TEST_CASE("ledger verify: nothing on stdout when the chain is broken", "[everyday]") {
  TempDir dir;
  WriteFile(dir / "consent.csv",
            "timestamp,status,email\n2024-01-01,given,a@x.de\n2024-02-01,given,b@x.de\n");
  REQUIRE(RunVcsplit({"ledger", "seal", "consent.csv"}, dir.path()).exit_code == 0);
  RunResult good = RunVcsplit({"ledger", "verify", "consent.csv"}, dir.path());
  CHECK(good.exit_code == 0);
  CHECK(good.out.size() == 65);  // the hash and a line break
  std::string sealed = ReadFile(dir / "consent.csv");
  sealed.replace(sealed.find("b@x.de"), 6, "c@x.de");
  WriteFile(dir / "consent.csv", sealed);
  RunResult bad = RunVcsplit({"ledger", "verify", "consent.csv"}, dir.path());
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("consent.csv:3: ") != std::string::npos);
}

TEST_CASE("region: numbers not valid in --region are warned about once, decisions unchanged",
          "[everyday]") {
  TempDir dir;
  std::string book;
  for (const char* tel :
       {"031 378 65 65", "031 311 22 33", "032 322 11 22", "031 350 11 11", "032 654 32 10"}) {
    book += std::string("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:") + tel + "\r\nTEL:" + tel +
            "\r\nEND:VCARD\r\n";
  }
  WriteFile(dir / "bern.vcf", book);
  WriteFile(dir / "l.csv", "timestamp,status,phone\n2024-01-01,given,031 378 65 65\n");
  RunResult de =
      RunVcsplit({"split", "-l", "l.csv", "-o", ".", "--report", "r.json", "bern.vcf"}, dir.path());
  CHECK(de.exit_code == 0);
  CHECK(de.err ==
        "vcsplit: bern.vcf: 5 of 5 numbers without country code are not valid in region DE; is "
        "--region right?\n"
        "vcsplit: 5 cards: 1 native, 4 secondary, 0 rejected\n");
  RunResult ch =
      RunVcsplit({"split", "-l", "l.csv", "-r", "CH", "-o", ".", "bern.vcf"}, dir.path());
  CHECK(ch.err == "vcsplit: 5 cards: 1 native, 4 secondary, 0 rejected\n");
  // The warning quotes no number, so it may stand in the report.
  auto report = nlohmann::json::parse(ReadFile(dir / "r.json"));
  CHECK(report["warnings"].size() == 1);
  CHECK(report["warnings"][0]["message"].get<std::string>().find("031") == std::string::npos);
}

TEST_CASE("check --format json names no output files", "[everyday]") {
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,email\n2024-01-01,given,a@x.de\n");
  WriteFile(dir / "a.vcf", kCard);
  RunResult r = RunVcsplit(
      {"check", "-l", "l.csv", "--format", "json", "--report", "r.json", "a.vcf"}, dir.path());
  CHECK(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK_FALSE(j.contains("outputs"));
  CHECK(j["counts"]["cards"] == 1);
  CHECK_FALSE(nlohmann::json::parse(ReadFile(dir / "r.json")).contains("outputs"));
}

TEST_CASE("verbose: -v says what was detected, and no personal data", "[everyday]") {
  TempDir dir;
  RunResult r =
      RunVcsplit({"split", "-v", "-n", "-l", SourcePath("examples/consent.csv"), "--as-of",
                  "2026-11-30", SourcePath("examples/contacts-google.csv"), "-o", "."},
                 dir.path());
  CHECK(r.exit_code == 0);
  std::string consent = SourcePath("examples/consent.csv");
  std::string google = SourcePath("examples/contacts-google.csv");
  CHECK(r.err.find("vcsplit: " + consent +
                   ": 15 events; purposes: whatsapp; dated 2024-02-01 to 2025-09-30\n") !=
        std::string::npos);
  CHECK(r.err.find("vcsplit: " + google +
                   ": read as CSV, utf-8, google dialect, 18 columns; phone columns: Phone 1 - "
                   "Value, Phone 2 - Value; e-mail columns: E-mail 1 - Value, E-mail 2 - Value; "
                   "uid: none\n") != std::string::npos);
  // Names, numbers and addresses of the book stay out of it.
  for (const char* personal : {"Claire", "Dubois", "example.fr", "+33", "12 34 56"}) {
    INFO(personal);
    CHECK(r.err.find(personal) == std::string::npos);
  }
  RunResult quiet =
      RunVcsplit({"split", "-n", "-l", consent, "--as-of", "2026-11-30", google}, dir.path());
  CHECK(quiet.err.find("read as") == std::string::npos);
}

}  // namespace
}  // namespace vcsplit
