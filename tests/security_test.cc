// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The write path under attack (issue 14, SPEC §2.1 "Nothing written where
// the user did not name", SECURITY.md): a run as root into a directory that
// another account can write. Real processes; "another user" is uid 65534,
// which only a run as root can play (CI runs as root). Where a test cannot
// switch user it says so with a warning and checks what it can.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

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
using test::SpawnOptions;
using test::TempDir;
using test::WaitFor;
using test::WriteFile;

constexpr uid_t kOther = 65534;

// A directory the attacker can write: out/ is 0777, as a shared group
// directory or a directory of the service user would be to them.
struct Shared {
  TempDir dir;
  std::string out = dir / "out";
  Shared() {
    ::chmod(dir.path().c_str(), 0755);
    ::mkdir(out.c_str(), 0777);
    ::chmod(out.c_str(), 0777);
    WriteFile(dir / "consent.csv", ReadFile(SourcePath("examples/consent.csv")));
    WriteFile(dir / "contacts.vcf", ReadFile(SourcePath("examples/contacts.vcf")));
  }
  std::vector<std::string> Split(std::vector<std::string> extra) const {
    std::vector<std::string> args = {"split", "-q", "-l", dir / "consent.csv", "-o", out};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  // A run that must stop before it reads its input: standard input stays
  // open, so a run that read it would never end.
  RunResult RefusedBeforeReading(std::vector<std::string> extra) const {
    extra.push_back("-");
    Process p(Split(extra), dir.path());
    REQUIRE(p.EndsWithin(20));
    return p.Wait();
  }
};

struct stat Lstat(const std::string& path) {
  struct stat st {};
  ::lstat(path.c_str(), &st);
  return st;
}

bool CanActAsOtherUser() {
  if (test::RunningAsRoot()) return true;
  WARN("not root: the cases with another user's files (uid 65534) are not run here");
  return false;
}

TEST_CASE("security: a link swapped during the run cannot redirect a write", "[security]") {
  Shared s;
  WriteFile(s.dir / "big.vcf", ManyCards(200000));
  WriteFile(s.dir / "victim.conf", "precious\n");
  ::chmod((s.dir / "victim.conf").c_str(), 0644);
  std::string link = s.out + "/native-link";
  REQUIRE(::symlink("/dev/null", link.c_str()) == 0);

  Process run(s.Split({"--native", link, s.dir / "big.vcf"}), s.dir.path());
  // The attacker acts once the run is under way (its temporary files
  // exist), while it reads: the run is held still for the swap, so the
  // attacker wins the race every time.
  REQUIRE(WaitFor([&] { return HasTemporary(s.out); }));
  run.Signal(SIGSTOP);
  REQUIRE(::unlink(link.c_str()) == 0);
  REQUIRE(::symlink((s.dir / "victim.conf").c_str(), link.c_str()) == 0);
  run.Signal(SIGCONT);
  RunResult r = run.Wait();
  INFO(r.err);
  CHECK(r.exit_code == 0);  // the native book went to /dev/null, opened at the start
  CHECK(ReadFile(s.dir / "victim.conf") == "precious\n");
  CHECK((Lstat(s.dir / "victim.conf").st_mode & 07777) == 0644);
  CHECK(S_ISLNK(Lstat(link).st_mode));
  CHECK_FALSE(HasTemporary(s.out));
}

TEST_CASE("security: a device or FIFO at a derived output name is refused before reading",
          "[security]") {
  Shared s;
  REQUIRE(::symlink("/dev/null", (s.out + "/native.vcf").c_str()) == 0);
  RunResult linked = s.RefusedBeforeReading({});
  CHECK(linked.exit_code == 2);
  CHECK(linked.err.find("vcsplit: " + s.out + "/native.vcf: not a regular file") == 0);
  CHECK(S_ISLNK(Lstat(s.out + "/native.vcf").st_mode));
  ::unlink((s.out + "/native.vcf").c_str());

  REQUIRE(::mkfifo((s.out + "/secondary.csv").c_str(), 0666) == 0);
  RunResult fifo = s.RefusedBeforeReading({});
  CHECK(fifo.exit_code == 2);
  CHECK(fifo.err.find(s.out + "/secondary.csv: not a regular file") != std::string::npos);
  CHECK(ListDir(s.out) == std::vector<std::string>{"secondary.csv"});
}

TEST_CASE("security: another user's FIFO is not an output, a FIFO without a reader fails",
          "[security]") {
  Shared s;
  std::string fifo = s.out + "/pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0666) == 0);
  // Named, the user's own, but nobody reads it: exit 3 at once, no hang.
  Process unread_run(s.Split({"--native", fifo, s.dir / "contacts.vcf"}), s.dir.path());
  REQUIRE(unread_run.EndsWithin(20));
  RunResult unread = unread_run.Wait();
  CHECK(unread.exit_code == 3);
  CHECK(unread.err == "vcsplit: " + fifo + ": no process is reading this FIFO\n");
  CHECK_FALSE(HasTemporary(s.out));
  CHECK_FALSE(Exists(s.out + "/.vcsplit.lock"));
  if (!CanActAsOtherUser()) return;

  REQUIRE(::chown(fifo.c_str(), kOther, kOther) == 0);
  // Another user's FIFO, named as the native book, the report (with the
  // phone keys of --report-cards), or diff's removed cards.
  for (const std::vector<std::string>& extra : std::vector<std::vector<std::string>>{
           {"--native", fifo}, {"--report", fifo, "--report-cards"}}) {
    RunResult r = s.RefusedBeforeReading(extra);
    CHECK(r.exit_code == 2);
    CHECK(r.err ==
          "vcsplit: " + fifo + ": a device or FIFO of another user (uid 65534); not written to\n");
  }
  RunResult diff =
      RunVcsplit({"diff", "--output-removed", fifo, s.dir / "contacts.vcf", s.dir / "contacts.vcf"},
                 s.dir.path());
  CHECK(diff.exit_code == 2);
  CHECK(diff.err.find("a device or FIFO of another user") != std::string::npos);
  CHECK(ListDir(s.out) == std::vector<std::string>{"pipe"});
}

TEST_CASE("security: the lock file cannot be turned against another file", "[security]") {
  Shared s;
  WriteFile(s.dir / "victim.conf", "precious\n");
  std::string lock = s.out + "/.vcsplit.lock";

  // A second name for another file: refused, never truncated or written.
  REQUIRE(::link((s.dir / "victim.conf").c_str(), lock.c_str()) == 0);
  RunResult linked = s.RefusedBeforeReading({});
  CHECK(linked.exit_code == 2);
  CHECK(linked.err.find("vcsplit: " + lock + ": not a lock file of this user (a file, 2 names") ==
        0);
  CHECK(ReadFile(s.dir / "victim.conf") == "precious\n");
  ::unlink(lock.c_str());

  // A symbolic link: refused, its target untouched.
  REQUIRE(::symlink((s.dir / "victim.conf").c_str(), lock.c_str()) == 0);
  RunResult symlinked = s.RefusedBeforeReading({});
  CHECK(symlinked.exit_code == 2);
  CHECK(symlinked.err.find(lock + ": a symbolic link, not a lock file") != std::string::npos);
  CHECK(ReadFile(s.dir / "victim.conf") == "precious\n");
  ::unlink(lock.c_str());

  // A stale lock file of this user with longer content: taken over, and
  // removed at the end.
  WriteFile(lock, "123456789012345678901234567890\n");
  RunResult stale = RunVcsplit(s.Split({s.dir / "contacts.vcf"}), s.dir.path());
  CHECK(stale.exit_code == 0);
  CHECK_FALSE(Exists(lock));

  if (!CanActAsOtherUser()) return;
  WriteFile(lock, "");
  REQUIRE(::chown(lock.c_str(), kOther, kOther) == 0);
  RunResult foreign = s.RefusedBeforeReading({});
  CHECK(foreign.exit_code == 2);
  CHECK(foreign.err.find("owner uid 65534") != std::string::npos);
}

TEST_CASE("security: a ledger keeps its owner, group and mode after seal, a link stays a link",
          "[security]") {
  Shared s;
  std::string ledger = s.out + "/consent.csv";
  WriteFile(ledger, "timestamp,status,email\n2024-01-01,given,a@x.de\n");
  ::chmod(ledger.c_str(), 0664);
  std::string link = s.dir / "consent-link.csv";
  REQUIRE(::symlink(ledger.c_str(), link.c_str()) == 0);

  RunResult seal = RunVcsplit({"ledger", "seal", link}, s.dir.path());
  CHECK(seal.exit_code == 0);
  CHECK(S_ISLNK(Lstat(link).st_mode));  // the link is left as it is...
  CHECK(RunVcsplit({"ledger", "verify", ledger}, s.dir.path()).exit_code ==
        0);  // ...its file sealed
  CHECK((Lstat(ledger).st_mode & 07777) == 0664);

  if (!CanActAsOtherUser()) return;
  // The service user's ledger, sealed by root, stays the service user's:
  // their next `ledger add` works.
  REQUIRE(::chown(ledger.c_str(), kOther, kOther) == 0);
  RunResult add = RunVcsplit(
      {"ledger", "add", ledger, "--status", "given", "--email", "b@x.de", "--at", "2024-02-01"},
      s.dir.path());
  REQUIRE(add.exit_code == 0);
  RunResult root_seal = RunVcsplit({"ledger", "seal", ledger}, s.dir.path());
  CHECK(root_seal.exit_code == 0);
  struct stat st = Lstat(ledger);
  CHECK(st.st_uid == kOther);
  CHECK(st.st_gid == kOther);
  CHECK((st.st_mode & 07777) == 0664);
  SpawnOptions nobody;
  nobody.as_nobody = true;
  Process service(
      {"ledger", "add", ledger, "--status", "withdrawn", "--email", "a@x.de", "--at", "2024-03-01"},
      s.dir.path(), nobody);
  RunResult by_service = service.Wait();
  INFO(by_service.err);
  CHECK(by_service.exit_code == 0);
  CHECK(RunVcsplit({"ledger", "verify", ledger}, s.dir.path()).exit_code == 0);
}

TEST_CASE("security: every target is checked before the first rename", "[security]") {
  Shared s;
  for (const char* name : {"native.vcf", "secondary.vcf", "rejects.vcf"}) {
    WriteFile(s.out + "/" + name, std::string("yesterday's ") + name + "\n");
  }
  // A directory where an output goes, from the start: exit 3.
  ::unlink((s.out + "/secondary.vcf").c_str());
  ::mkdir((s.out + "/secondary.vcf").c_str(), 0755);
  RunResult at_start = RunVcsplit(s.Split({s.dir / "contacts.vcf"}), s.dir.path());
  CHECK(at_start.exit_code == 3);
  CHECK(at_start.err == "vcsplit: " + s.out + "/secondary.vcf: Is a directory\n");
  ::rmdir((s.out + "/secondary.vcf").c_str());
  WriteFile(s.out + "/secondary.vcf", "yesterday's secondary.vcf\n");

  // Put in place while the run reads: found before any rename, so native is
  // not replaced either.
  WriteFile(s.dir / "big.vcf", ManyCards(100000));
  Process run(s.Split({s.dir / "big.vcf"}), s.dir.path());
  REQUIRE(WaitFor([&] { return HasTemporary(s.out); }));
  run.Signal(SIGSTOP);
  ::unlink((s.out + "/secondary.vcf").c_str());
  ::mkdir((s.out + "/secondary.vcf").c_str(), 0755);
  run.Signal(SIGCONT);
  RunResult mid = run.Wait();
  CHECK(mid.exit_code == 3);
  CHECK(mid.err == "vcsplit: " + s.out + "/secondary.vcf: Is a directory\n");
  CHECK(ReadFile(s.out + "/native.vcf") == "yesterday's native.vcf\n");
  CHECK(ReadFile(s.out + "/rejects.vcf") == "yesterday's rejects.vcf\n");
  CHECK_FALSE(HasTemporary(s.out));

  if (!CanActAsOtherUser()) return;
  // A sticky directory (as /tmp): the run's user may replace only its own
  // files there. Secondary belongs to root, so a run as uid 65534 stops
  // before its first rename, and its own native.vcf is not replaced either.
  ::rmdir((s.out + "/secondary.vcf").c_str());
  WriteFile(s.out + "/secondary.vcf", "yesterday's secondary.vcf\n");
  REQUIRE(::chmod(s.out.c_str(), 01777) == 0);
  for (const char* name : {"native.vcf", "rejects.vcf"}) {
    REQUIRE(::chown((s.out + "/" + name).c_str(), kOther, kOther) == 0);
  }
  SpawnOptions nobody;
  nobody.as_nobody = true;
  RunResult sticky = Process(s.Split({s.dir / "contacts.vcf"}), s.dir.path(), nobody).Wait();
  CHECK(sticky.exit_code == 3);
  CHECK(sticky.err == "vcsplit: " + s.out + "/secondary.vcf: Operation not permitted\n");
  for (const char* name : {"native.vcf", "secondary.vcf", "rejects.vcf"}) {
    CHECK(ReadFile(s.out + "/" + name) == std::string("yesterday's ") + name + "\n");
  }
  CHECK_FALSE(HasTemporary(s.out));
  CHECK_FALSE(Exists(s.out + "/.vcsplit.lock"));
  // Once secondary is its own, the same run replaces all three.
  REQUIRE(::chown((s.out + "/secondary.vcf").c_str(), kOther, kOther) == 0);
  RunResult own = Process(s.Split({s.dir / "contacts.vcf"}), s.dir.path(), nobody).Wait();
  CHECK(own.exit_code == 0);
  CHECK(ReadFile(s.out + "/native.vcf").find("FN:Anna Schmidt") != std::string::npos);
}

// Sends SIGTERM and checks that the run ends within a second, with exit 130
// and the message that nothing was replaced.
RunResult TerminateWithinASecond(Process* run) {
  run->Signal(SIGTERM);
  auto sent = std::chrono::steady_clock::now();
  REQUIRE(run->EndsWithin(5));
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  CHECK(took < 1.0);
  RunResult r = run->Wait();
  CHECK(r.exit_code == 130);
  CHECK(r.err == "vcsplit: interrupted; nothing was replaced\n");
  return r;
}

TEST_CASE("security: an endless input ends on SIGTERM within a second", "[security]") {
  Shared s;
  test::BoundSanitizerQuarantine();
  Process run(s.Split({"--input-format", "vcard", "--max-card-size", "1M", "/dev/zero"}),
              s.dir.path());
  // Well into the endless read.
  REQUIRE(WaitFor([&] { return test::BytesRead(run.pid()) > (64 << 20); }, 60));
  RunResult r = TerminateWithinASecond(&run);
  CHECK(r.max_rss_kb < 48 * 1024 * test::kSanitizerFactor);  // memory did not grow with it
  CHECK(ListDir(s.out).empty());
}

// True when process `pid` has a descriptor open on a file whose name holds
// `part` (an unlinked file shows as "NAME (deleted)").
bool HasOpenFile(pid_t pid, const std::string& part) {
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  for (const std::string& fd : ListDir(dir)) {
    char target[4096];
    ssize_t n = ::readlink((dir + "/" + fd).c_str(), target, sizeof target - 1);
    if (n > 0 && std::string(target, static_cast<size_t>(n)).find(part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST_CASE("security: a standard input that stalls ends on SIGTERM within a second", "[security]") {
  Shared s;
  // An export piped in that never ends: the run waits in read() while it
  // spools standard input.
  Process run(s.Split({"-"}), s.dir.path());
  run.Write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Stalled Export\r\n");
  REQUIRE(WaitFor([&] { return HasOpenFile(run.pid(), "vcsplit-stdin-"); }, 20));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // into the next read()
  RunResult r = TerminateWithinASecond(&run);
  CHECK(ListDir(s.out).empty());
}

TEST_CASE("security: any valid output name works, up to NAME_MAX", "[security]") {
  Shared s;
  for (size_t length : {size_t{240}, size_t{255}}) {
    INFO(length);
    std::string name = std::string(length - 4, 'n') + ".vcf";
    RunResult r =
        RunVcsplit(s.Split({"--native", s.out + "/" + name, s.dir / "contacts.vcf"}), s.dir.path());
    CHECK(r.exit_code == 0);
    CHECK(ReadFile(s.out + "/" + name).find("FN:Anna Schmidt") != std::string::npos);
    ::unlink((s.out + "/" + name).c_str());
  }
}

}  // namespace
}  // namespace vcsplit
