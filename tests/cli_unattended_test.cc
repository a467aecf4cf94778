// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// What unattended runs (cron, CI) rely on, shown with real processes: the
// output directory lock, signals in the middle of a large split, a closed
// standard output.

#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include "split/split.h"
#include "test_util.h"

namespace vcsplit {
namespace {

using test::Exists;
using test::HasTemporary;
using test::ListDir;
using test::ManyCards;
using test::Process;
using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SourcePath;
using test::TempDir;
using test::WaitFor;
using test::WriteFile;

std::string Ledger() { return SourcePath("examples/consent.csv"); }

TEST_CASE("unattended: a second run on the same directory waits or gives up naming the holder",
          "[unattended]") {
  TempDir dir;
  WriteFile(dir / "b.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:B\nTEL:+4930111\nEND:VCARD\n");
  // The first run holds the lock while its standard input stalls.
  Process first({"split", "-l", Ledger(), "-"}, dir.path());
  const std::string lock = dir / ".vcsplit.lock";
  // The holder's pid, right-aligned in a fixed width (the file is never
  // truncated).
  REQUIRE(WaitFor(
      [&] { return Exists(lock) && ReadFile(lock) == fmt::format("{:>10}\n", first.pid()); }));

  RunResult busy = RunVcsplit({"split", "-l", Ledger(), "b.vcf"}, dir.path());
  CHECK(busy.exit_code == 2);
  CHECK(busy.err == fmt::format("vcsplit: ./.vcsplit.lock: locked by pid {} (another vcsplit run "
                                "writing to this directory); use --wait SECONDS to wait; nothing "
                                "was written\n",
                                first.pid()));
  CHECK_FALSE(Exists(dir / "native.vcf"));

  // A short --wait that expires says how long it waited.
  RunResult waited = RunVcsplit({"split", "--wait", "0.3", "-l", Ledger(), "b.vcf"}, dir.path());
  CHECK(waited.exit_code == 2);
  CHECK(waited.err.find("waited 0.3 s; nothing was written") != std::string::npos);

  // A run with a long enough --wait goes ahead once the first one is done.
  Process second({"split", "--wait", "60", "-l", Ledger(), "b.vcf"}, dir.path());
  REQUIRE(
      WaitFor([&] { return second.ErrSoFar().find("waiting up to 60 s") != std::string::npos; }));
  first.Write(
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEMAIL:anna.schmidt@example.de\r\nEND:VCARD\r\n");
  RunResult a = first.Wait();
  CHECK(a.exit_code == 0);
  RunResult b = second.Wait();
  CHECK(b.exit_code == 0);
  CHECK(b.err.find("vcsplit: 1 card: 0 native, 1 secondary, 0 rejected") != std::string::npos);
  // The second run's outputs, whole; no lock file or temporary left.
  CHECK(ReadFile(dir / "secondary.vcf") == ReadFile(dir / "b.vcf"));
  CHECK(ReadFile(dir / "native.vcf").empty());
  CHECK(ListDir(dir.path()) ==
        std::vector<std::string>{"b.vcf", "native.vcf", "rejects.vcf", "secondary.vcf"});
}

TEST_CASE("unattended: a lock and temporaries left by a killed run are taken over and removed",
          "[unattended]") {
  TempDir dir;
  WriteFile(dir / "native.vcf", "previous native\n");
  WriteFile(dir / "big.vcf", ManyCards(300000));  // about 30 MB
  Process killed({"split", "-l", Ledger(), "big.vcf"}, dir.path());
  // All three temporaries exist once it is well into reading its input (the
  // outputs are made before the first card is read; format detection reads
  // less than 1 MiB before that).
  REQUIRE(WaitFor([&] { return test::ReadOffset(killed.pid(), dir / "big.vcf") > (1 << 20); }));
  killed.Signal(SIGKILL);
  CHECK(killed.Wait().exit_code == 128 + SIGKILL);
  CHECK(ReadFile(dir / "native.vcf") == "previous native\n");
  CHECK(Exists(dir / ".vcsplit.lock"));
  CHECK(HasTemporary(dir.path()));

  WriteFile(dir / "b.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:B\nEND:VCARD\n");
  RunResult next = RunVcsplit({"split", "-l", Ledger(), "b.vcf"}, dir.path());
  CHECK(next.exit_code == 0);
  CHECK(next.err.find(fmt::format("taking over the lock of pid {}", killed.pid())) !=
        std::string::npos);
  CHECK(next.err.find("removed 3 temporary files left by an interrupted run") != std::string::npos);
  CHECK(ListDir(dir.path()) ==
        std::vector<std::string>{"b.vcf", "big.vcf", "native.vcf", "rejects.vcf", "secondary.vcf"});
}

TEST_CASE("unattended: SIGTERM and SIGINT in the middle of a large split replace nothing",
          "[unattended]") {
  TempDir dir;
  WriteFile(dir / "big.vcf", ManyCards(300000));  // about 30 MB
  WriteFile(dir / "native.vcf", "old native\n");
  WriteFile(dir / "secondary.vcf", "old secondary\n");
  WriteFile(dir / "rejects.vcf", "old rejects\n");
  WriteFile(dir / "run.json", "{}\n");
  const std::vector<std::string> before = ListDir(dir.path());
  for (int sig : {SIGTERM, SIGINT}) {
    Process run({"split", "-l", Ledger(), "--report", "run.json", "big.vcf"}, dir.path());
    REQUIRE(WaitFor([&] { return HasTemporary(dir.path()); }));
    REQUIRE(WaitFor([&] { return test::ReadOffset(run.pid(), dir / "big.vcf") > (4 << 20); }, 60));
    run.Signal(sig);
    RunResult r = run.Wait();
    CHECK(r.exit_code == 130);
    CHECK(r.err.find("vcsplit: interrupted") != std::string::npos);
    CHECK(ReadFile(dir / "native.vcf") == "old native\n");
    CHECK(ReadFile(dir / "secondary.vcf") == "old secondary\n");
    CHECK(ReadFile(dir / "rejects.vcf") == "old rejects\n");
    CHECK(ReadFile(dir / "run.json") == "{}\n");
    CHECK(ListDir(dir.path()) == before);  // no temporary, no lock file
  }
}

TEST_CASE("unattended: a closed standard output ends quietly", "[unattended]") {
  TempDir dir;
  // 20,000 findings: far more than a pipe holds, so writes hit the closed end.
  WriteFile(dir / "many.vcf", ManyCards(20000));
  WriteFile(dir / "run.sh",
            "\"$1\" check -l \"$2\" --report report.json many.vcf | head -c 10 >/dev/null\n"
            "echo \"status ${PIPESTATUS[0]}\"\n");
  test::SpawnOptions bash;
  bash.program = "/bin/bash";
  Process p({"run.sh", VCSPLIT_BINARY, Ledger()}, dir.path(), bash);
  RunResult r = p.Wait();
  CHECK(r.out == "status 141\n");
  CHECK(r.err.find("Broken pipe") == std::string::npos);
  CHECK(r.err.find("internal error") == std::string::npos);
  // Like any failed run, it replaced nothing: no report, no temporary.
  CHECK(ListDir(dir.path()) == std::vector<std::string>{"many.vcf", "run.sh"});
}

// Runs vcsplit with a pseudo-terminal as its stdin, stdout and stderr;
// returns everything it wrote there.
std::string RunOnTerminal(const std::vector<std::string>& args, const std::string& cwd) {
  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    std::vector<std::string> copy = args;
    std::vector<char*> argv = {const_cast<char*>(VCSPLIT_BINARY)};
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(VCSPLIT_BINARY, argv.data());
    ::_exit(127);
  }
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has closed the terminal
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  return out;
}

TEST_CASE("unattended: progress is drawn on a terminal only, and never with -q", "[unattended]") {
  TempDir dir;
  WriteFile(dir / "big.vcf", ManyCards(60000));
  std::string drawn = RunOnTerminal({"split", "-l", Ledger(), "big.vcf"}, dir.path());
  CHECK(drawn.find("\rvcsplit: reading keys (1/2): ") != std::string::npos);
  CHECK(drawn.find("\rvcsplit: splitting (2/2): ") != std::string::npos);
  CHECK(drawn.find(" MB/s") != std::string::npos);
  // The summary starts on a cleared line.
  CHECK(drawn.find("\rvcsplit: 60000 cards: 0 native, 60000 secondary, 0 rejected") !=
        std::string::npos);
  CHECK(drawn.find("\x1b") == std::string::npos);  // no escape sequences, no colour

  for (auto args : {std::vector<std::string>{"split", "--progress", "never"},
                    std::vector<std::string>{"-q", "split", "--progress", "always"}}) {
    args.insert(args.end(), {"-l", Ledger(), "big.vcf"});
    std::string plain = RunOnTerminal(args, dir.path());
    CHECK(plain.find("reading keys") == std::string::npos);
    // The terminal turns "\n" into "\r\n"; no other carriage return.
    bool redrawn = false;
    for (size_t i = 0; i < plain.size(); ++i) {
      if (plain[i] == '\r' && (i + 1 == plain.size() || plain[i + 1] != '\n')) redrawn = true;
    }
    CHECK_FALSE(redrawn);
  }

  // Not a terminal: nothing by default; --progress always writes plain lines.
  RunResult piped = RunVcsplit({"split", "-l", Ledger(), "big.vcf"}, dir.path());
  CHECK(piped.err == "vcsplit: 60000 cards: 0 native, 60000 secondary, 0 rejected\n");
}

TEST_CASE("unattended: the progress line", "[unattended]") {
  SplitProgress p;
  p.pass = 1;
  p.bytes = 5000000;
  p.total_bytes = 40000000;
  p.cards = 1234;
  CHECK(FormatProgress(p, 1.0) ==
        "reading keys (1/2): 5.0 of 20.0 MB, 1234 cards, 5.0 MB/s, 12% done, ETA 7s");
  p.pass = 2;
  p.bytes = 30000000;
  p.cards = 1;
  CHECK(FormatProgress(p, 100.0) ==
        "splitting (2/2): 10.0 of 20.0 MB, 1 card, 0.3 MB/s, 75% done, ETA 33s");
  CHECK(FormatProgress(p, 3000.0) ==
        "splitting (2/2): 10.0 of 20.0 MB, 1 card, 0.0 MB/s, 75% done, ETA 16m40s");
  p.total_bytes = 0;  // size unknown
  CHECK(FormatProgress(p, 0.0) == "splitting (2/2): 30.0 MB, 1 card");
}

}  // namespace
}  // namespace vcsplit
