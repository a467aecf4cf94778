// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Runs the built binary in a fresh directory and checks outputs byte for
// byte, stderr and the exit code (SPEC §2.1, §2.4, §5).

#include <chrono>
#include <ctime>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

using test::Exists;
using test::FileMode;
using test::ListDir;
using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SourcePath;
using test::TempDir;
using test::WriteFile;

const std::string kAsOf = "2026-11-30";

// The bytes of the card that starts at 1-based `line` of `data`, through the
// line break after the END:VCARD that closes it (nested cards counted).
std::string CardAt(const std::string& data, int line) {
  size_t pos = 0;
  for (int l = 1; l < line; ++l) pos = data.find('\n', pos) + 1;
  size_t start = pos;
  int depth = 0;
  while (pos < data.size()) {
    size_t eol = data.find('\n', pos);
    std::string text = data.substr(pos, eol - pos);
    if (text.rfind("BEGIN:VCARD", 0) == 0) ++depth;
    if (text.rfind("END:VCARD", 0) == 0 && --depth == 0) return data.substr(start, eol + 1 - start);
    pos = eol + 1;
  }
  return data.substr(start);
}

struct Example {
  TempDir dir;
  std::string contacts = ReadFile(SourcePath("examples/contacts.vcf"));
  std::vector<std::string> Args(std::vector<std::string> extra = {}) const {
    std::vector<std::string> a = {"split", "--ledger", SourcePath("examples/consent.csv"),
                                  "--as-of", kAsOf};
    a.insert(a.end(), extra.begin(), extra.end());
    a.push_back(SourcePath("examples/contacts.vcf"));
    return a;
  }
};

TEST_CASE_METHOD(Example, "cli: the examples split into the right books, byte for byte", "[cli]") {
  RunResult r = RunVcsplit(Args({"--report", "report.json"}), dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err == "vcsplit: " + SourcePath("examples/contacts.vcf") +
                     ":84: card has no END:VCARD\n"
                     "vcsplit: 14 cards: 3 native, 10 secondary, 1 rejected\n");
  std::string native = ReadFile(dir / "native.vcf");
  CHECK(native == CardAt(contacts, 1) + CardAt(contacts, 43) + CardAt(contacts, 88));
  CHECK(ReadFile(dir / "rejects.vcf") ==
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Max Mustermann\r\nTEL;TYPE=CELL:0170 1112223\r\n");
  std::string secondary = ReadFile(dir / "secondary.vcf");
  std::string expected_secondary;
  for (int line : {9, 15, 21, 28, 36, 52, 59, 66, 71, 94}) {
    expected_secondary += CardAt(contacts, line);
  }
  CHECK(secondary == expected_secondary);
  // Nothing lost: the example has no blank lines between cards.
  CHECK(native.size() + secondary.size() + ReadFile(dir / "rejects.vcf").size() == contacts.size());

  auto report = nlohmann::json::parse(ReadFile(dir / "report.json"));
  CHECK(report["counts"]["cards"] == 14);
  CHECK(report["counts"]["native"] == 3);
  CHECK(report["counts"]["secondary"] == 10);
  CHECK(report["counts"]["rejected"] == 1);
  for (const char* reason :
       {"consent-given", "conflict", "withdrawn", "revoked", "refused", "expired",
        "shared-key-only", "no-ledger-entry", "no-identifier", "nested-card", "unreadable"}) {
    INFO(reason);
    CHECK(report["reasons"][reason].get<int>() >= 1);
  }
  CHECK(report["purpose"] == "whatsapp");
  CHECK(report["outputs"]["native"]["cards"] == 3);
  CHECK(report["inputs"][0]["cards"] == 14);
  CHECK(report["ledger"]["events"] == 15);
  CHECK_FALSE(report.contains("cards"));
  // No personal data without --report-cards.
  std::string text = ReadFile(dir / "report.json");
  CHECK(text.find("+49") == std::string::npos);
  CHECK(text.find("Schmidt") == std::string::npos);
  CHECK(text.find("@") == std::string::npos);
}

TEST_CASE_METHOD(Example, "cli: --report-cards lists every card", "[cli]") {
  RunResult r = RunVcsplit(Args({"--report", "r.json", "--report-cards"}), dir.path());
  REQUIRE(r.exit_code == 0);
  auto report = nlohmann::json::parse(ReadFile(dir / "r.json"));
  REQUIRE(report["cards"].size() == 14);
  CHECK(report["cards"][0]["line"] == 1);
  CHECK(report["cards"][0]["output"] == "native");
  CHECK(report["cards"][0]["reason"] == "consent-given");
  CHECK(report["cards"][0]["matched_key"] == "phone:+491711234567");
  CHECK(report["cards"][7]["reason"] == "shared-key-only");
  CHECK(report["cards"][10]["reason"] == "nested-card");
}

TEST_CASE_METHOD(Example, "cli: same inputs and --as-of give identical outputs and report",
                 "[cli]") {
  TempDir other;
  REQUIRE(RunVcsplit(Args({"--report", "r.json"}), dir.path()).exit_code == 0);
  // A second apart, so that anything taken from the clock would differ.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  REQUIRE(RunVcsplit(Args({"--report", "r.json"}), other.path()).exit_code == 0);
  for (const char* f : {"native.vcf", "secondary.vcf", "rejects.vcf"}) {
    CHECK(ReadFile(dir / f) == ReadFile(other / f));
  }
  // Byte for byte: the outputs' paths are relative, the same in both.
  std::string a = ReadFile(dir / "r.json");
  std::string b = ReadFile(other / "r.json");
  CHECK(a == b);
  CHECK(a.find("\"started\"") == std::string::npos);
}

TEST_CASE_METHOD(Example, "cli: without --as-of the report says when the run started, in UTC",
                 "[cli]") {
  std::vector<std::string> args = {"split",    "-l",     SourcePath("examples/consent.csv"),
                                   "--report", "r.json", SourcePath("examples/contacts.vcf")};
  std::time_t before = std::time(nullptr);
  REQUIRE(RunVcsplit(args, dir.path()).exit_code == 0);
  std::time_t after = std::time(nullptr);
  auto report = nlohmann::json::parse(ReadFile(dir / "r.json"));
  REQUIRE(report.contains("started"));
  std::string started = report["started"];
  std::tm tm{};
  const char* end = strptime(started.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  REQUIRE(end != nullptr);
  CHECK(*end == '\0');
  std::time_t when = timegm(&tm);
  CHECK(when >= before);
  CHECK(when <= after);
}

TEST_CASE_METHOD(Example, "cli: --region takes the code in either case", "[cli]") {
  TempDir upper;
  REQUIRE(RunVcsplit(Args({"--region", "DE", "--report", "r.json"}), upper.path()).exit_code == 0);
  RunResult lower = RunVcsplit(Args({"-r", "de", "--report", "r.json"}), dir.path());
  REQUIRE(lower.exit_code == 0);
  for (const char* f : {"native.vcf", "secondary.vcf", "rejects.vcf", "r.json"}) {
    CHECK(ReadFile(dir / f) == ReadFile(upper / f));
  }
  // Another region in lower case is that region, not the default.
  RunResult austria = RunVcsplit(Args({"-r", "at", "--report", "at.json"}), dir.path());
  REQUIRE(austria.exit_code == 0);
  CHECK(nlohmann::json::parse(ReadFile(dir / "at.json"))["region"] == "AT");
  // Every command that reads numbers takes it so.
  RunResult init =
      RunVcsplit({"ledger", "init", "-r", "de", "-o", "l.csv", SourcePath("examples/contacts.vcf")},
                 dir.path());
  CHECK(init.exit_code == 0);
  RunResult unknown = RunVcsplit(Args({"-r", "zz"}), dir.path());
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("--region: unknown region 'ZZ'") != std::string::npos);
}

TEST_CASE_METHOD(Example, "cli: standard input is read with -", "[cli]") {
  std::vector<std::string> args = {"split",   "-l",  SourcePath("examples/consent.csv"),
                                   "--as-of", kAsOf, "--report",
                                   "r.json",  "-"};
  RunResult r = RunVcsplit(args, dir.path(), contacts);
  CHECK(r.exit_code == 0);
  CHECK(r.err ==
        "vcsplit: <stdin>:84: card has no END:VCARD\n"
        "vcsplit: 14 cards: 3 native, 10 secondary, 1 rejected\n");
  CHECK(ReadFile(dir / "native.vcf") ==
        CardAt(contacts, 1) + CardAt(contacts, 43) + CardAt(contacts, 88));
  auto report = nlohmann::json::parse(ReadFile(dir / "r.json"));
  CHECK(report["inputs"][0]["path"] == "<stdin>");
}

TEST_CASE("cli: several inputs keep their order and share one key index", "[cli]") {
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,phone\n2024-01-01,given,030 5550100\n");
  std::string a = "BEGIN:VCARD\nVERSION:3.0\nFN:Greta\nTEL:030 5550100\nEND:VCARD\n";
  std::string b = "BEGIN:VCARD\nVERSION:3.0\nFN:Hans\nTEL:+49 30 5550100\nEND:VCARD\n";
  std::string c = "BEGIN:VCARD\nVERSION:3.0\nFN:Greta\nTEL:030-5550100\nEND:VCARD";
  WriteFile(dir / "a.vcf", a);
  WriteFile(dir / "b.vcf", b + c);
  RunResult r = RunVcsplit({"split", "-q", "-l", "l.csv", "a.vcf", "b.vcf"}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  // The landline is on cards named Greta and Hans: it is nobody's consent.
  CHECK(ReadFile(dir / "secondary.vcf") == a + b + c + "\n");
  CHECK(ReadFile(dir / "native.vcf").empty());
  CHECK(ReadFile(dir / "rejects.vcf").empty());
}

TEST_CASE("cli: a missing final line break is added in the card's own style", "[cli]") {
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,phone\n");
  WriteFile(dir / "a.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD");
  REQUIRE(RunVcsplit({"split", "-l", "l.csv", "a.vcf"}, dir.path()).exit_code == 0);
  CHECK(ReadFile(dir / "secondary.vcf") == "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n");
}

TEST_CASE_METHOD(Example, "cli: --strict exits 1 when something was rejected", "[cli]") {
  RunResult r = RunVcsplit(Args({"--strict"}), dir.path());
  CHECK(r.exit_code == 1);
  CHECK(Exists(dir / "native.vcf"));  // the outputs are still written
}

TEST_CASE_METHOD(Example, "cli: --unknown native sends unknown contacts native", "[cli]") {
  RunResult r = RunVcsplit(Args({"--unknown", "native", "-q"}), dir.path());
  REQUIRE(r.exit_code == 0);
  std::string native = ReadFile(dir / "native.vcf");
  CHECK(native.find("FN:Ines Kowalski") != std::string::npos);
  CHECK(native.find("FN:Parkhaus Mitte") != std::string::npos);
  CHECK(native.find("FN:Karl Becker") != std::string::npos);  // the nested card is unknown too
  CHECK(native.find("FN:Frank Meier") == std::string::npos);
}

TEST_CASE_METHOD(Example, "cli: --dry-run writes only the report", "[cli]") {
  RunResult r = RunVcsplit(Args({"-n", "--report", "r.json"}), dir.path());
  CHECK(r.exit_code == 0);
  CHECK(ListDir(dir.path()) == std::vector<std::string>{"r.json"});
  CHECK(r.err.find("vcsplit: dry run: no output file was written\n") != std::string::npos);
  CHECK(r.err.find("\nvcsplit: 14 cards: 3 native, 10 secondary, 1 rejected\n") !=
        std::string::npos);
}

TEST_CASE_METHOD(Example, "cli: explicit output paths and --out-dir", "[cli]") {
  ::mkdir((dir / "out").c_str(), 0700);
  RunResult r = RunVcsplit(Args({"-o", "out", "--native", "phone.vcf", "-q"}), dir.path());
  CHECK(r.exit_code == 0);
  CHECK(ListDir(dir / "out") == std::vector<std::string>{"rejects.vcf", "secondary.vcf"});
  CHECK(Exists(dir / "phone.vcf"));
}

TEST_CASE_METHOD(Example, "cli: outputs and report are 0600 whatever the umask", "[cli]") {
  WriteFile(dir / "native.vcf", "old");
  ::chmod((dir / "native.vcf").c_str(), 0666);
  mode_t old = ::umask(0);
  RunResult r = RunVcsplit(Args({"--report", "r.json"}), dir.path());
  ::umask(old);
  REQUIRE(r.exit_code == 0);
  for (const char* f : {"native.vcf", "secondary.vcf", "rejects.vcf", "r.json"}) {
    INFO(f);
    CHECK(FileMode(dir / f) == 0600);
  }
}

// Usage and input errors: exit 2, nothing written, previous outputs intact.
TEST_CASE_METHOD(Example, "cli: usage and input errors exit 2 and write nothing", "[cli]") {
  WriteFile(dir / "native.vcf", "previous");
  WriteFile(dir / "bad.csv", "timestamp,status,phone\n2024-01-01,perhaps,0171 1\n");
  WriteFile(
      dir / "multi.csv",
      "timestamp,status,phone,purpose\n2024-01-01,given,0171 1,a\n2024-01-01,given,0171 2,b\n");
  ::mkdir((dir / "adir").c_str(), 0700);
  std::string contacts_path = SourcePath("examples/contacts.vcf");
  std::string ledger = SourcePath("examples/consent.csv");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"split", "--bogus", "-l", ledger, contacts_path},
       "vcsplit split: unknown option '--bogus'\nRun 'vcsplit split --help' for the options.\n"},
      {{"split", contacts_path}, "vcsplit split: --ledger is required"},
      {{"split", "-l", ledger, "missing.vcf"}, "vcsplit: missing.vcf: No such file or directory"},
      {{"split", "-l", ledger, "adir"}, "vcsplit: adir: Is a directory"},
      {{"split", "-l", "nope.csv", contacts_path}, "vcsplit: nope.csv: No such file or directory"},
      {{"split", "-l", "bad.csv", contacts_path}, "vcsplit: bad.csv:2: unknown status word"},
      {{"split", "-l", "multi.csv", contacts_path}, "choose one with --purpose"},
      {{"split", "-l", ledger, "-o", "no/such/dir", contacts_path},
       "vcsplit: no/such/dir: output directory does not exist"},
      {{"split", "-l", ledger, "--as-of", "tomorrow", contacts_path}, "--as-of: cannot read time"},
      {{"split", "-l", ledger, "--max-age", "2h", contacts_path}, "--max-age: cannot read"},
      {{"split", "-l", ledger, "--region", "XX", contacts_path}, "--region: unknown region"},
      {{"split", "-l", ledger, "--secondary", contacts_path, contacts_path},
       "output is the same file as input"},
      {{"split", "-l", ledger, "--rejects", ledger, contacts_path},
       "output is the same file as ledger"},
      {{"split", "-l", ledger, "--unknown", "maybe", contacts_path}, "vcsplit split: --unknown"},
  };
  for (const Case& c : cases) {
    std::string joined;
    for (const std::string& a : c.args) joined += a + " ";
    INFO(joined);
    RunResult r = RunVcsplit(c.args, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(ReadFile(dir / "native.vcf") == "previous");
    CHECK(ListDir(dir.path()) ==
          std::vector<std::string>{"adir", "bad.csv", "multi.csv", "native.vcf"});
  }
}

TEST_CASE_METHOD(Example, "cli: an output that cannot be written exits 3 and replaces nothing",
                 "[cli]") {
  WriteFile(dir / "native.vcf", "previous");
  RunResult r = RunVcsplit(Args({"--rejects", "/proc/vcsplit-rejects.vcf"}), dir.path());
  CHECK(r.exit_code == 3);
  // The lock file is the first thing the run creates there.
  CHECK(r.err.rfind("vcsplit: /proc/.vcsplit.lock: ", 0) == 0);
  CHECK(ReadFile(dir / "native.vcf") == "previous");
  CHECK(ListDir(dir.path()) == std::vector<std::string>{"native.vcf"});
}

TEST_CASE_METHOD(Example, "cli: SIGTERM exits 130 and replaces nothing", "[cli]") {
  WriteFile(dir / "native.vcf", "previous");
  int in[2];
  REQUIRE(::pipe(in) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::close(in[0]);
    ::close(in[1]);
    int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    if (::chdir(dir.path().c_str()) != 0) ::_exit(126);
    std::string ledger = SourcePath("examples/consent.csv");
    ::execl(VCSPLIT_BINARY, VCSPLIT_BINARY, "split", "-l", ledger.c_str(), "-", nullptr);
    ::_exit(127);
  }
  ::close(in[0]);
  // Half a card, then the input stalls as a slow export would.
  REQUIRE(::write(in[1], "BEGIN:VCARD\r\n", 13) == 13);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(in[1]);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK(ReadFile(dir / "native.vcf") == "previous");
  CHECK(ListDir(dir.path()) == std::vector<std::string>{"native.vcf"});
}

TEST_CASE("cli: --help shows an example and the exit codes", "[cli]") {
  TempDir dir;
  RunResult top = RunVcsplit({"--help"}, dir.path());
  CHECK(top.exit_code == 0);
  CHECK(top.out.find("Exit codes:") != std::string::npos);
  RunResult split = RunVcsplit({"split", "--help"}, dir.path());
  CHECK(split.exit_code == 0);
  CHECK(split.out.find("Examples:") != std::string::npos);
  CHECK(split.out.find("--ledger") != std::string::npos);
  RunResult version = RunVcsplit({"--version"}, dir.path());
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("vcsplit ", 0) == 0);
  CHECK(RunVcsplit({}, dir.path()).exit_code == 2);
}

TEST_CASE("cli: the summary says card in the singular", "[cli]") {
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,email\n");
  WriteFile(dir / "a.vcf", "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n");
  RunResult r = RunVcsplit({"split", "-l", "l.csv", "a.vcf"}, dir.path());
  CHECK(r.err == "vcsplit: 1 card: 0 native, 1 secondary, 0 rejected\n");
  RunResult quiet = RunVcsplit({"-q", "split", "-l", "l.csv", "a.vcf"}, dir.path());
  CHECK(quiet.err.empty());
}

}  // namespace
}  // namespace vcsplit
