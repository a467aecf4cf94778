// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Splitting CSV address books with the built binary (SPEC §3.2).

#include <functional>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "csv/csv.h"
#include "test_util.h"

namespace vcsplit {
namespace {

using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SourcePath;
using test::TempDir;
using test::WriteFile;

// The raw records of a CSV file, header first.
std::vector<std::string> Records(const std::string& data, char delim) {
  std::vector<std::string> out;
  for (const CsvRecord& r : ParseCsvText(data, delim)) {
    out.push_back(data.substr(r.begin, r.end - r.begin));
  }
  return out;
}

TEST_CASE("cli csv: German Outlook export, byte for byte", "[cli-csv]") {
  TempDir dir;
  std::string book = ReadFile(SourcePath("examples/contacts-outlook-de.csv"));
  RunResult r =
      RunVcsplit({"split", "-l", SourcePath("examples/consent.csv"), "--as-of", "2026-11-30",
                  "--report", "r.json", SourcePath("examples/contacts-outlook-de.csv")},
                 dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err == "vcsplit: 6 cards: 2 native, 4 secondary, 0 rejected\n");
  std::vector<std::string> rec = Records(book, ';');
  REQUIRE(rec.size() == 7);
  CHECK(ReadFile(dir / "native.csv") == rec[0] + rec[1] + rec[3]);  // Anna, Greta
  CHECK(ReadFile(dir / "secondary.csv") == rec[0] + rec[2] + rec[4] + rec[5] + rec[6]);
  CHECK(ReadFile(dir / "rejects.csv") == rec[0]);  // the header alone
  auto report = nlohmann::json::parse(ReadFile(dir / "r.json"));
  CHECK(report["inputs"][0]["dialect"] == "outlook-de");
  CHECK(report["inputs"][0]["encoding"] == "windows-1252");
  CHECK(report["reasons"]["shared-key-only"] == 1);
  CHECK(report["reasons"]["withdrawn"] == 1);
}

TEST_CASE("cli csv: Google export with ' ::: ' values", "[cli-csv]") {
  TempDir dir;
  std::string book = ReadFile(SourcePath("examples/contacts-google.csv"));
  RunResult r = RunVcsplit({"split", "-q", "-l", SourcePath("examples/consent.csv"), "--as-of",
                            "2026-11-30", SourcePath("examples/contacts-google.csv")},
                           dir.path());
  CHECK(r.exit_code == 0);
  std::vector<std::string> rec = Records(book, ',');
  REQUIRE(rec.size() == 6);
  CHECK(ReadFile(dir / "native.csv") == rec[0] + rec[2]);  // Olga
  CHECK(ReadFile(dir / "secondary.csv") == rec[0] + rec[1] + rec[3] + rec[4] + rec[5]);
}

TEST_CASE("cli csv: a UTF-16 export without a final line break gets one in UTF-16", "[cli-csv]") {
  auto utf16le = [](const std::string& ascii) {
    std::string out;
    for (char c : ascii) out += std::string(1, c) + '\0';
    return out;
  };
  auto utf16be = [](const std::string& ascii) {
    std::string out;
    for (char c : ascii) out += std::string(1, '\0') + c;
    return out;
  };
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,email\n2024-01-01,given,ann@example.org\n");
  struct Case {
    std::string bom;
    std::function<std::string(const std::string&)> encode;
  };
  for (const Case& c : {Case{"\xFF\xFE", utf16le}, Case{"\xFE\xFF", utf16be}}) {
    std::string header = c.bom + c.encode("Name,Primary Email\r\n");
    WriteFile(dir / "b.csv", header + c.encode("Ann,ann@example.org"));
    RunResult r = RunVcsplit({"split", "-q", "-l", "l.csv", "b.csv"}, dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK(ReadFile(dir / "native.csv") == header + c.encode("Ann,ann@example.org\r\n"));
    CHECK(ReadFile(dir / "secondary.csv") == header);

    // Only a header, without a break: no cards, no run; with --allow-empty
    // every book is the header, its break in UTF-16 too.
    std::string bare = c.bom + c.encode("Name,Primary Email");
    WriteFile(dir / "b.csv", bare);
    RunResult none = RunVcsplit({"split", "-q", "-l", "l.csv", "b.csv"}, dir.path());
    CHECK(none.exit_code == 2);
    CHECK(none.err == "vcsplit: b.csv: no cards found; nothing was written\n");
    CHECK(ReadFile(dir / "secondary.csv") == header);  // the run before is kept
    RunResult empty =
        RunVcsplit({"split", "-q", "--allow-empty", "-l", "l.csv", "b.csv"}, dir.path());
    CHECK(empty.exit_code == 0);
    for (const char* f : {"native.csv", "secondary.csv", "rejects.csv"}) {
      CHECK(ReadFile(dir / f) == bare + c.encode("\n"));
    }
  }
}

TEST_CASE("cli csv: a header without key columns exits 2 listing the columns", "[cli-csv]") {
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,phone\n");
  WriteFile(dir / "b.csv", "Vorname,Nachname,Ort\nA,B,C\n");
  RunResult r = RunVcsplit({"split", "-l", "l.csv", "b.csv"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "vcsplit: b.csv: no phone, e-mail or UID column found; columns seen: Vorname, Nachname, "
        "Ort; name them with --phone-columns, --email-columns or --uid-column, or use "
        "--no-header\n");
  CHECK(test::ListDir(dir.path()) == std::vector<std::string>{"b.csv", "l.csv"});
  RunResult named =
      RunVcsplit({"split", "-q", "-l", "l.csv", "--uid-column", "Ort", "b.csv"}, dir.path());
  CHECK(named.exit_code == 0);
  CHECK(ReadFile(dir / "secondary.csv") == "Vorname,Nachname,Ort\nA,B,C\n");
}

TEST_CASE("cli csv: inputs of one run share one format and one header", "[cli-csv]") {
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,email\n2024-01-01,given,a@x.de\n");
  WriteFile(dir / "a.csv", "Name,E-mail\nA,a@x.de\n");
  WriteFile(dir / "b.csv", "Name,E-mail\nB,b@x.de\n");
  WriteFile(dir / "c.csv", "E-mail,Name\nc@x.de,C\n");
  WriteFile(dir / "d.vcf", "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n");
  RunResult ok = RunVcsplit({"split", "-q", "-l", "l.csv", "a.csv", "b.csv"}, dir.path());
  CHECK(ok.exit_code == 0);
  CHECK(ReadFile(dir / "native.csv") == "Name,E-mail\nA,a@x.de\n");
  CHECK(ReadFile(dir / "secondary.csv") == "Name,E-mail\nB,b@x.de\n");
  RunResult headers = RunVcsplit({"split", "-l", "l.csv", "a.csv", "c.csv"}, dir.path());
  CHECK(headers.exit_code == 2);
  CHECK(headers.err.find("c.csv: header differs from a.csv") != std::string::npos);
  RunResult formats = RunVcsplit({"split", "-l", "l.csv", "a.csv", "d.vcf"}, dir.path());
  CHECK(formats.exit_code == 2);
  CHECK(formats.err.find("all inputs of a run must have one format") != std::string::npos);
}

TEST_CASE("cli csv: standard input is detected as CSV by content", "[cli-csv]") {
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,email\n2024-01-01,given,a@x.de\n");
  RunResult r =
      RunVcsplit({"split", "-q", "-l", "l.csv", "-"}, dir.path(), "Name,E-mail\nA,a@x.de\n");
  CHECK(r.exit_code == 0);
  CHECK(ReadFile(dir / "native.csv") == "Name,E-mail\nA,a@x.de\n");
}

TEST_CASE("cli csv: a header whose quote is never closed exits 2 and writes nothing", "[cli-csv]") {
  // Read as one record, such a header would take every row with it into the
  // header line that every output, native included, starts with.
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,email\n2024-01-01,given,a@x.de\n");
  WriteFile(dir / "open.csv", "Name,\"E-mail\nA,a@x.de\nB,b@x.de\n");
  RunResult r = RunVcsplit({"split", "-l", "l.csv", "open.csv"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err == "vcsplit: open.csv:1: quoted field in the header line not closed\n");
  CHECK(test::ListDir(dir.path()) == std::vector<std::string>{"l.csv", "open.csv"});
}

}  // namespace
}  // namespace vcsplit
