// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit check` (SPEC §2.2) on vCard and CSV books, in every format.

#include <cstdlib>
#include <regex>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SourcePath;
using test::TempDir;
using test::WriteFile;

std::vector<std::string> Check(const std::vector<std::string>& extra) {
  std::vector<std::string> a = {"check", "-l", SourcePath("examples/consent.csv"), "--as-of",
                                "2026-11-30"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

TEST_CASE("cli check: lists every card that may not be native and exits 1", "[cli-check]") {
  TempDir dir;
  RunResult r = RunVcsplit(Check({SourcePath("examples/contacts-outlook-de.csv")}), dir.path());
  CHECK(r.exit_code == 1);
  std::string f = SourcePath("examples/contacts-outlook-de.csv");
  CHECK(r.out == f + ":3: withdrawn (J\xC3\xBCrgen Wei\xC3\x9F)\n" + f +
                     ":6: shared-key-only (Hans Hoffmann)\n" + f +
                     ":7: no-ledger-entry (Ines Kowalski)\n" + f +
                     ":8: no-identifier (Parkhaus Mitte)\n");
  CHECK(r.err == "vcsplit: 6 cards: 2 may be native, 4 may not\n");
  CHECK(test::ListDir(dir.path()).empty());  // check writes no book

  RunResult redacted =
      RunVcsplit(Check({"--redact", SourcePath("examples/contacts-outlook-de.csv")}), dir.path());
  CHECK(redacted.out.find("Hoffmann") == std::string::npos);
  CHECK(redacted.out.find(":6: shared-key-only\n") != std::string::npos);
}

TEST_CASE("cli check: exit 0 when every card may be native, 2 on errors", "[cli-check]") {
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,email\n2024-01-01,given,a@x.de\n");
  WriteFile(dir / "ok.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEMAIL:a@x.de\nEND:VCARD\n");
  RunResult ok = RunVcsplit({"check", "-l", "l.csv", "ok.vcf"}, dir.path());
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.empty());
  RunResult stdin_ok =
      RunVcsplit({"check", "-q", "-l", "l.csv", "-"}, dir.path(), "Name,E-mail\nA,a@x.de\n");
  CHECK(stdin_ok.exit_code == 0);
  RunResult missing = RunVcsplit({"check", "-l", "l.csv", "nope.vcf"}, dir.path());
  CHECK(missing.exit_code == 2);
  RunResult bad = RunVcsplit({"check", "-l", "l.csv", "--format", "xml", "ok.vcf"}, dir.path());
  CHECK(bad.exit_code == 2);
}

TEST_CASE("cli check: JSON carries the report and the findings", "[cli-check]") {
  TempDir dir;
  RunResult r = RunVcsplit(
      Check({"--format", "json", "--report", "r.json", SourcePath("examples/contacts.vcf")}),
      dir.path());
  CHECK(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["command"] == "check");
  CHECK(j["counts"]["cards"] == 14);
  CHECK(j["counts"]["native"] == 3);
  CHECK(j["findings"].size() == 11);
  CHECK(j["findings"][0]["line"] == 9);
  CHECK(j["findings"][0]["reason"] == "withdrawn");
  auto report = nlohmann::json::parse(ReadFile(dir / "r.json"));
  CHECK(report["counts"] == j["counts"]);
  CHECK_FALSE(report.contains("cards"));
}

TEST_CASE("cli check: JUnit XML that an XML parser reads, one test case per card", "[cli-check]") {
  TempDir dir;
  RunResult r = RunVcsplit(Check({"--format", "junit", SourcePath("examples/contacts-google.csv")}),
                           dir.path());
  CHECK(r.exit_code == 1);
  WriteFile(dir / "out.xml", r.out);
  WriteFile(dir / "parse.py",
            "import xml.etree.ElementTree as ET\n"
            "root = ET.parse('out.xml').getroot()\n"
            "assert root.tag == 'testsuites'\n"
            "suite = root.find('testsuite')\n"
            "cases = suite.findall('testcase')\n"
            "failures = [c for c in cases if c.find('failure') is not None]\n"
            "assert int(suite.get('tests')) == len(cases) == 5\n"
            "assert int(suite.get('failures')) == len(failures) == 4\n"
            "assert all(int(c.get('line')) > 1 for c in cases)\n"
            "print(sorted(f.find('failure').get('type') for f in failures))\n");
  std::string cmd = "cd '" + dir.path() + "' && /usr/bin/python3 parse.py > py.txt 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
  CHECK(ReadFile(dir / "py.txt") == "['conflict', 'no-ledger-entry', 'refused', 'revoked']\n");
}

TEST_CASE("cli check: JUnit XML is valid against the common JUnit schema", "[cli-check]") {
  TempDir dir;
  // Names with XML specials and control characters (which XML cannot hold),
  // a vCard and a CSV book, with and without --redact.
  WriteFile(dir / "odd.vcf",
            "BEGIN:VCARD\nVERSION:3.0\nFN:Tom & \"Jerry\" <Cat> O'Neil\x01\x1f\nTEL:+4930999\n"
            "END:VCARD\n"
            "BEGIN:VCARD\nVERSION:3.0\nFN:Anna\nEMAIL:anna.schmidt@example.de\nEND:VCARD\n");
  for (const char* book : {"odd.vcf", "examples/contacts-google.csv", "examples/contacts.vcf"}) {
    for (bool redact : {false, true}) {
      std::string path =
          std::string(book).rfind("examples/", 0) == 0 ? SourcePath(book) : dir / book;
      std::vector<std::string> extra = {"--format", "junit", path};
      if (redact) extra.push_back("--redact");
      RunResult r = RunVcsplit(Check(extra), dir.path());
      CHECK(r.exit_code == 1);
      WriteFile(dir / "out.xml", r.out);
      std::string cmd = "xmllint --noout --schema '" + SourcePath("tests/data/junit.xsd") + "' '" +
                        (dir / "out.xml") + "' 2>'" + (dir / "lint.txt") + "'";
      INFO(book << (redact ? " --redact" : ""));
      CHECK(std::system(cmd.c_str()) == 0);
      CHECK(ReadFile(dir / "lint.txt") == (dir / "out.xml") + " validates\n");
    }
  }
  // The schema is strict enough to fail: a misspelt attribute does not pass.
  WriteFile(dir / "bad.xml",
            "<testsuites><testsuite name=\"x\" tests=\"1\"><testcase nam=\"a\"/></testsuite>"
            "</testsuites>");
  std::string bad = "xmllint --noout --schema '" + SourcePath("tests/data/junit.xsd") + "' '" +
                    (dir / "bad.xml") + "' 2>/dev/null";
  CHECK(std::system(bad.c_str()) != 0);
}

TEST_CASE("cli check: GitHub workflow annotations", "[cli-check]") {
  TempDir dir;
  RunResult r = RunVcsplit(
      Check({"--format", "github", SourcePath("examples/contacts-google.csv")}), dir.path());
  CHECK(r.exit_code == 1);
  std::regex line(
      R"(::error file=[^,]+,line=\d+,title=vcsplit check::may not be in the native book: [a-z-]+( \(.*\))?)");
  size_t count = 0;
  for (size_t p = 0, e; (e = r.out.find('\n', p)) != std::string::npos; p = e + 1) {
    std::string l = r.out.substr(p, e - p);
    INFO(l);
    CHECK(std::regex_match(l, line));
    ++count;
  }
  CHECK(count == 4);
}

}  // namespace
}  // namespace vcsplit
