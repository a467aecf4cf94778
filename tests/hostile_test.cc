// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Hostile input: each case must end with a clear outcome, in bounded memory
// and in time linear in its size. The sizes are chosen so that a quadratic
// path would run for many minutes; the generous time limit below only
// catches that, it does not measure speed (bench/ does).

#include <csignal>
#include <cstdio>

#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

using test::Process;
using test::ReadFile;
using test::RunResult;
using test::TempDir;
using test::WriteFile;

constexpr double kLimitSeconds = 120;

// Runs vcsplit, failing the test when it does not end within the limit.
RunResult Run(const std::vector<std::string>& args, const std::string& cwd) {
  Process p(args, cwd);
  bool ended = p.EndsWithin(kLimitSeconds);
  CHECK(ended);
  if (!ended) p.Signal(SIGKILL);
  return p.Wait();
}

nlohmann::json Report(const TempDir& dir) {
  return nlohmann::json::parse(ReadFile(dir / "r.json"));
}

std::vector<std::string> Split(const std::string& input, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"split",      "-l",       "l.csv", "--as-of",
                                   "2026-11-29", "--report", "r.json"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(input);
  return args;
}

struct Setup {
  TempDir dir;
  Setup() {
    WriteFile(dir / "l.csv", "timestamp,status,phone,email\n2024-01-01,given,+4930123,a@x.de\n");
  }
};

TEST_CASE("hostile: a 1 GiB single-line PHOTO is rejected in bounded memory", "[hostile]") {
  Setup s;
  test::BoundSanitizerQuarantine();
  // Under the (much slower) sanitizer build a quarter of it still shows the
  // bound: it is four times the card limit.
  const int mib = test::kSanitizerFactor > 1 ? 256 : 1024;
  {
    std::FILE* f = std::fopen((s.dir / "photo.vcf").c_str(), "wb");
    REQUIRE(f);
    std::fputs("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\nPHOTO;ENCODING=b;TYPE=JPEG:", f);
    std::string block(1 << 20, 'A');
    for (int i = 0; i < mib; ++i) std::fwrite(block.data(), 1, block.size(), f);
    std::fputs(
        "\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEMAIL:a@x.de\r\nEND:VCARD\r\n", f);
    std::fclose(f);
  }
  RunResult r = Run(Split("photo.vcf"), s.dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("vcsplit: 2 cards: 1 native, 0 secondary, 1 rejected") != std::string::npos);
  // Memory follows --max-card-size (64 MiB: the card so far, the line and
  // its decoded value are each capped by it), not the 1 GiB of the card.
  CHECK(r.max_rss_kb < (3 * 64 * 1024 + 32 * 1024) * test::kSanitizerFactor);
  CHECK(test::FileSize(s.dir / "rejects.vcf") > (static_cast<long long>(mib) << 20));
  RunResult small = Run(Split("photo.vcf", {"--max-card-size", "1M"}), s.dir.path());
  CHECK(small.exit_code == 0);
  CHECK(small.max_rss_kb < 48 * 1024 * test::kSanitizerFactor);
  CHECK(test::FileSize(s.dir / "rejects.vcf") > (static_cast<long long>(mib) << 20));
  ::unlink((s.dir / "photo.vcf").c_str());
  ::unlink((s.dir / "rejects.vcf").c_str());
}

TEST_CASE("hostile: 10,000 nested 2.1 cards are cut, not recursed into", "[hostile]") {
  Setup s;
  std::string book;
  for (int i = 0; i < 10000; ++i) book += "BEGIN:VCARD\r\nVERSION:2.1\r\nAGENT:\r\n";
  book += "TEL:+4930123\r\n";
  for (int i = 0; i < 10000; ++i) book += "END:VCARD\r\n";
  WriteFile(s.dir / "deep.vcf", book);
  RunResult r = Run(Split("deep.vcf", {"--to", "vcard"}), s.dir.path());
  CHECK(r.exit_code == 0);
  // Every four levels the open card is cut (2,499 rejected); the last four
  // close; the remaining 9,996 END lines are one chunk of junk.
  CHECK(r.err.find("vcsplit: 2501 cards: 0 native, 1 secondary, 2500 rejected") !=
        std::string::npos);
  CHECK(r.err.find("deep.vcf:13: cards nested more than 4 deep") != std::string::npos);
  CHECK(ReadFile(s.dir / "rejects.vcf").size() + ReadFile(s.dir / "secondary.vcf").size() > 0);
  // The same file read again, without conversion: the same split.
  RunResult again = Run(Split("deep.vcf"), s.dir.path());
  CHECK(again.exit_code == 0);
  CHECK(ReadFile(s.dir / "rejects.vcf") + ReadFile(s.dir / "secondary.vcf") != "");
}

TEST_CASE("hostile: 3.0 AGENT values nested deeply are held back", "[hostile]") {
  Setup s;
  // Each level escapes the next once more; 17 levels are more than allowed (16), and still under
  // the 1 MiB line cap.
  std::string inner = "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEMAIL:a@x.de\nEND:VCARD\n";
  for (int i = 0; i < 17; ++i) {
    std::string escaped;
    for (char c : inner) {
      if (c == '\n') {
        escaped += "\\n";
      } else if (c == '\\' || c == ',' || c == ';') {
        escaped += '\\';
        escaped += c;
      } else {
        escaped += c;
      }
    }
    inner = "BEGIN:VCARD\nVERSION:3.0\nFN:L" + std::to_string(i) + "\nAGENT:" + escaped +
            "\nEND:VCARD\n";
  }
  WriteFile(s.dir / "agents.vcf", inner);
  RunResult r = Run(Split("agents.vcf"), s.dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("inline AGENT cards nested too deeply; held back") != std::string::npos);
  CHECK(r.err.find("1 card: 0 native, 1 secondary, 0 rejected") != std::string::npos);
}

TEST_CASE("hostile: 10 million blank lines", "[hostile]") {
  Setup s;
  std::string book(10000000, '\n');
  book += "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEMAIL:a@x.de\n";
  book += std::string(1000000, '\n');  // blank lines inside a card too
  book += "END:VCARD\n";
  book += std::string(10000000, '\n');
  WriteFile(s.dir / "blank.vcf", book);
  RunResult r = Run(Split("blank.vcf"), s.dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err == "vcsplit: 1 card: 1 native, 0 secondary, 0 rejected\n");
  CHECK(ReadFile(s.dir / "native.vcf").size() ==
        std::string("BEGIN:VCARD\nVERSION:3.0\nFN:A\nEMAIL:a@x.de\n").size() + 1000000 + 10);
}

TEST_CASE("hostile: NUL bytes and invalid UTF-8 in every field", "[hostile]") {
  Setup s;
  std::string junk("\0\xff\xfe\xc3(\xa0\xa1\xe2\x28\xa1\xf0\x90\x28\xbc\0", 16);
  std::string card = "BEGIN:VCARD\r\nVERSION:3.0\r\n";
  for (const char* p : {"FN", "N", "TEL", "EMAIL", "UID", "NOTE", "ADR", "X-"}) {
    card += std::string(p) + (std::string(p) == "X-" ? junk : "") + ";TYPE=" + junk + ":" + junk +
            "\r\n";
  }
  card += "TEL;CHARSET=" + junk + ";ENCODING=QUOTED-PRINTABLE:=00=FF" + junk + "\r\n";
  card += "END:VCARD\r\n";
  std::string book = card + "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=" + junk + ":" + junk +
                     "\r\nEMAIL:a@x.de\r\nEND:VCARD\r\n" + junk + "\r\n";
  WriteFile(s.dir / "junk.vcf", book);
  RunResult r = Run(Split("junk.vcf", {"--to", "vcard"}), s.dir.path());
  CHECK(r.exit_code == 0);
  auto report = Report(s.dir);
  CHECK(report["counts"]["cards"] == 3);
  CHECK(report["counts"]["native"] == 1);    // the 2.1 card with a@x.de
  CHECK(report["counts"]["rejected"] == 1);  // the junk after the cards
  // Without conversion the bytes are kept exactly.
  RunResult plain = Run(Split("junk.vcf"), s.dir.path());
  CHECK(plain.exit_code == 0);
  CHECK(ReadFile(s.dir / "secondary.vcf") == card);
  // The same junk in a CSV book and in the ledger.
  // A CSV record with a NUL byte is rejected (it is no text); invalid
  // UTF-8 makes the book Windows-1252 and is read.
  std::string invalid("\xff\xfe\xc3(\xa0\xa1");
  WriteFile(s.dir / "junk.csv", "Name,E-mail Address,Mobile Phone\r\n" + junk + "," + junk + "," +
                                    junk + "\r\n" + invalid + ",a@x.de," + invalid + "\r\n");
  WriteFile(s.dir / "l.csv", "timestamp,status,phone,email\n2024-01-01,given," + junk + "," + junk +
                                 "\n2024-01-01,given,+4930123,a@x.de\n");
  RunResult csv = Run(Split("junk.csv"), s.dir.path());
  CHECK(csv.exit_code == 0);
  CHECK(csv.err.find("junk.csv:2: field 1 holds a NUL byte") != std::string::npos);
  CHECK(csv.err.find("2 cards: 1 native, 0 secondary, 1 rejected") != std::string::npos);
}

TEST_CASE("hostile: a CSV book with a million columns", "[hostile]") {
  Setup s;
  std::string header = "Name,E-mail Address";
  std::string record = "A,a@x.de";
  for (int i = 0; i < 1000000; ++i) {
    header += fmt::format(",c{}", i);
    record += ",";
  }
  WriteFile(s.dir / "wide.csv", header + "\r\n" + record + "\r\n" + record + "\r\n");
  RunResult r = Run(Split("wide.csv"), s.dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("2 cards: 2 native, 0 secondary, 0 rejected") != std::string::npos);
  CHECK(ReadFile(s.dir / "native.csv") == header + "\r\n" + record + "\r\n" + record + "\r\n");
}

TEST_CASE("hostile: a ledger with a million rows for one key", "[hostile]") {
  Setup s;
  std::string ledger = "timestamp,status,phone\n";
  ledger.reserve(32 * 1000000);
  for (int i = 0; i < 1000000; ++i) {
    ledger += i % 2 ? "2024-01-01,refused,+4930123\n" : "2024-01-02 10:00,given,030 123\n";
  }
  WriteFile(s.dir / "l.csv", ledger);
  WriteFile(s.dir / "a.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:A\nTEL:+49 30 123\nEND:VCARD\n");
  RunResult r = Run(Split("a.vcf"), s.dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err == "vcsplit: 1 card: 1 native, 0 secondary, 0 rejected\n");
  CHECK(Report(s.dir)["ledger"]["events"] == 1000000);
}

TEST_CASE("hostile: numbers of 10,000 digits", "[hostile]") {
  Setup s;
  std::string digits(10000, '7');
  WriteFile(s.dir / "long.vcf",
            "BEGIN:VCARD\nVERSION:3.0\nFN:A\nTEL:+49" + digits +
                "\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:B\nTEL;VALUE=uri:tel:" + digits +
                ";ext=" + digits + "\nEND:VCARD\n");
  WriteFile(s.dir / "l.csv", "timestamp,status,phone\n2024-01-01,given,+49" + digits + "\n");
  RunResult r = Run(Split("long.vcf"), s.dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("l.csv:2: ") != std::string::npos);  // the ledger's number: a warning
  CHECK(r.err.find("long.vcf:4: phone number cannot be parsed; not used as a key") !=
        std::string::npos);
  CHECK(r.err.find("2 cards: 0 native, 2 secondary, 0 rejected") != std::string::npos);
}

TEST_CASE("hostile: quoted-printable with a soft break after every byte", "[hostile]") {
  Setup s;
  std::string note =
      "BEGIN:VCARD\r\nVERSION:2.1\r\nEMAIL:a@x.de\r\nNOTE;ENCODING=QUOTED-PRINTABLE:";
  for (int i = 0; i < 2000000; ++i) note += "x=\r\n";
  note += "\r\nEND:VCARD\r\n";
  // And a value of nothing but soft breaks and '=' at the very end of input.
  std::string tail = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;QUOTED-PRINTABLE:";
  for (int i = 0; i < 2000000; ++i) tail += "=\r\n";
  WriteFile(s.dir / "qp.vcf", note + tail + "=");
  RunResult r = Run(Split("qp.vcf", {"--to", "vcard"}), s.dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("2 cards: 1 native, 0 secondary, 1 rejected") != std::string::npos);
}

}  // namespace
}  // namespace vcsplit
