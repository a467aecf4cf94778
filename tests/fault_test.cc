// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Fault injection (SPEC §2.1 "Atomic", "Private", §2.4): real processes on
// real files, each fault checked for its exit code, its message, previous
// outputs byte-identical to before, and no temporary file left. When the
// tests run as root, the cases that depend on permissions run vcsplit as
// the unprivileged user 65534 (root could write anyway).

#include <chrono>
#include <csignal>
#include <map>
#include <thread>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/sha256.h"
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
using test::SourcePath;
using test::SpawnOptions;
using test::TempDir;
using test::WaitFor;
using test::WriteFile;

// A project directory: the example book and ledger, and out/ holding the
// outputs of an earlier run.
struct Scene {
  TempDir dir;
  std::string out = dir / "out";
  std::map<std::string, std::string> before;

  Scene() {
    ::chmod(dir.path().c_str(), 0755);  // for runs as an unprivileged user
    ::mkdir(out.c_str(), 0755);
    WriteFile(dir / "contacts.vcf", ReadFile(SourcePath("examples/contacts.vcf")));
    WriteFile(dir / "consent.csv", ReadFile(SourcePath("examples/consent.csv")));
    for (const char* name : {"native.vcf", "secondary.vcf", "rejects.vcf", "run.json"}) {
      WriteFile(out + "/" + name, std::string("earlier ") + name + "\n");
    }
    before = Snapshot();
  }

  std::map<std::string, std::string> Snapshot() const {
    std::map<std::string, std::string> files;
    for (const std::string& name : ListDir(out)) files[name] = ReadFile(out + "/" + name);
    return files;
  }

  // Previous outputs byte-identical, nothing added (no temporary, no lock).
  void CheckUntouched() const { CHECK(Snapshot() == before); }

  std::vector<std::string> Split(std::vector<std::string> extra) const {
    std::vector<std::string> args = {"split", "--as-of",           "2026-11-29",
                                     "-l",    dir / "consent.csv", "-o",
                                     out,     "--report",          out + "/run.json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  RunResult Run(std::vector<std::string> extra, SpawnOptions options = {}) const {
    Process p(Split(std::move(extra)), dir.path(), options);
    return p.Wait();
  }
};

TEST_CASE("fault: an output on a full device exits 3 and replaces nothing", "[fault]") {
  Scene s;
  RunResult r = s.Run({"--native", "/dev/full", s.dir / "contacts.vcf"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("vcsplit: /dev/full: No space left on device\n") != std::string::npos);
  s.CheckUntouched();
  struct stat st;
  REQUIRE(::stat("/dev/full", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));  // still the device, never renamed over
}

TEST_CASE("fault: a device output gets its bytes only after a successful run", "[fault]") {
  Scene s;
  // /dev/null works as an output and is not replaced by a file.
  RunResult ok = s.Run({"--rejects", "/dev/null", s.dir / "contacts.vcf"});
  CHECK(ok.exit_code == 0);
  struct stat st;
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  CHECK_FALSE(Exists("/dev/.vcsplit.lock"));
  // A FIFO reader sees the whole native book at the end, nothing on failure.
  std::string fifo = s.dir / "native.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  SpawnOptions cat;
  cat.program = "/bin/cat";
  Process reader({fifo}, s.dir.path(), cat);
  RunResult piped = s.Run({"--native", fifo, s.dir / "contacts.vcf"});
  CHECK(piped.exit_code == 0);
  RunResult got = reader.Wait();
  CHECK(got.out.find("FN:Anna Schmidt") != std::string::npos);
  CHECK(got.out.rfind("BEGIN:VCARD", 0) == 0);
}

TEST_CASE("fault: a file size limit hit mid-write exits 3 and replaces nothing", "[fault]") {
  Scene s;
  SpawnOptions limited;
  limited.file_size_limit = 700;  // the secondary book is larger
  RunResult r = s.Run({s.dir / "contacts.vcf"}, limited);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(": File too large\n") != std::string::npos);
  s.CheckUntouched();
}

TEST_CASE("fault: a read-only output directory exits 3 and replaces nothing", "[fault]") {
  Scene s;
  ::chmod(s.out.c_str(), 0555);
  SpawnOptions nobody;
  nobody.as_nobody = true;
  RunResult r = s.Run({s.dir / "contacts.vcf"}, nobody);
  ::chmod(s.out.c_str(), 0755);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("vcsplit: " + s.out + "/.vcsplit.lock: Permission denied\n") !=
        std::string::npos);
  s.CheckUntouched();
}

TEST_CASE("fault: a missing output directory exits 2 before reading input", "[fault]") {
  Scene s;
  // Standard input stays open: a run that read it would never end.
  Process p({"split", "-l", s.dir / "consent.csv", "-o", s.dir / "missing", "-"}, s.dir.path());
  REQUIRE(p.EndsWithin(20));
  RunResult r = p.Wait();
  CHECK(r.exit_code == 2);
  CHECK(r.err == "vcsplit: " + (s.dir / "missing") + ": output directory does not exist\n");
  CHECK_FALSE(Exists(s.dir / "missing"));
  s.CheckUntouched();
}

TEST_CASE("fault: an unreadable input, a directory or a vanished input exit 2", "[fault]") {
  Scene s;
  WriteFile(s.dir / "secret.vcf", ReadFile(s.dir / "contacts.vcf"));
  ::chmod((s.dir / "secret.vcf").c_str(), 0000);
  SpawnOptions nobody;
  nobody.as_nobody = true;
  ::chmod(s.out.c_str(), 0777);  // so only the input can be the problem
  RunResult unreadable = s.Run({s.dir / "secret.vcf"}, nobody);
  ::chmod(s.out.c_str(), 0755);
  CHECK(unreadable.exit_code == 2);
  CHECK(unreadable.err == "vcsplit: " + (s.dir / "secret.vcf") + ": Permission denied\n");
  s.CheckUntouched();

  RunResult directory = s.Run({s.dir.path()});
  CHECK(directory.exit_code == 2);
  CHECK(directory.err == "vcsplit: " + s.dir.path() + ": Is a directory\n");
  s.CheckUntouched();

  // The input disappears while the run waits for another run's lock.
  Process holder(s.Split({"-"}), s.dir.path());
  REQUIRE(WaitFor([&] { return Exists(s.out + "/.vcsplit.lock"); }));
  WriteFile(s.dir / "soon-gone.vcf", ReadFile(s.dir / "contacts.vcf"));
  Process waiter(s.Split({"--wait", "60", s.dir / "soon-gone.vcf"}), s.dir.path());
  REQUIRE(WaitFor([&] { return waiter.ErrSoFar().find("waiting") != std::string::npos; }));
  ::unlink((s.dir / "soon-gone.vcf").c_str());
  holder.Signal(SIGTERM);
  REQUIRE(holder.EndsWithin(20));  // before Wait() closes its standard input
  RunResult held = holder.Wait();
  INFO(held.err);
  CHECK(held.exit_code == 130);
  RunResult vanished = waiter.Wait();
  CHECK(vanished.exit_code == 2);
  CHECK(vanished.err.find("vcsplit: " + (s.dir / "soon-gone.vcf") +
                          ": No such file or directory\n") != std::string::npos);
  s.CheckUntouched();
}

TEST_CASE("fault: SIGKILL in the middle of a 100 MB split, the next run cleans up", "[fault]") {
  Scene s;
  WriteFile(s.dir / "big.vcf", ManyCards(950000));  // about 100 MB
  Process killed(s.Split({s.dir / "big.vcf"}), s.dir.path());
  REQUIRE(WaitFor([&] { return HasTemporary(s.out); }));
  // In the middle of reading the input, however fast the run is.
  REQUIRE(
      WaitFor([&] { return test::ReadOffset(killed.pid(), s.dir / "big.vcf") > (8 << 20); }, 60));
  killed.Signal(SIGKILL);
  CHECK(killed.Wait().exit_code == 128 + SIGKILL);
  CHECK(HasTemporary(s.out));
  std::map<std::string, std::string> after = s.Snapshot();
  for (const auto& [name, content] : s.before) CHECK(after[name] == content);

  RunResult next = s.Run({s.dir / "contacts.vcf"});
  INFO(next.err);
  CHECK(next.exit_code == 0);
  // The three books' temporaries and the report's.
  CHECK(next.err.find("removed 4 temporary files left by an interrupted run") != std::string::npos);
  CHECK(ListDir(s.out) ==
        std::vector<std::string>{"native.vcf", "rejects.vcf", "run.json", "secondary.vcf"});
  CHECK(ReadFile(s.out + "/native.vcf").find("FN:Anna Schmidt") != std::string::npos);
}

TEST_CASE("fault: output paths that are symlinks are replaced, never written through", "[fault]") {
  Scene s;
  WriteFile(s.dir / "victim.vcf", "not to be touched\n");
  REQUIRE(::symlink((s.dir / "victim.vcf").c_str(), (s.out + "/native.vcf.link").c_str()) == 0);
  REQUIRE(::symlink((s.dir / "nowhere.vcf").c_str(), (s.out + "/dangling.vcf").c_str()) == 0);
  RunResult r = s.Run({"--native", s.out + "/native.vcf.link", "--secondary",
                       s.out + "/dangling.vcf", s.dir / "contacts.vcf"});
  CHECK(r.exit_code == 0);
  CHECK(ReadFile(s.dir / "victim.vcf") == "not to be touched\n");
  CHECK_FALSE(Exists(s.dir / "nowhere.vcf"));
  struct stat st;
  REQUIRE(::lstat((s.out + "/native.vcf.link").c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));
  CHECK((st.st_mode & 07777) == 0600);
  REQUIRE(::lstat((s.out + "/dangling.vcf").c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));
  CHECK(ReadFile(s.out + "/native.vcf.link").find("FN:Anna Schmidt") != std::string::npos);
}

TEST_CASE("fault: with umask 000 nothing is ever readable by others", "[fault]") {
  Scene s;
  WriteFile(s.dir / "big.vcf", ManyCards(200000));
  SpawnOptions open_umask;
  open_umask.umask = 0;
  Process p(s.Split({s.dir / "big.vcf"}), s.dir.path(), open_umask);
  // Watch the directory while the run goes on: every file it creates, at
  // every moment seen, is 0600.
  std::map<std::string, mode_t> seen;
  while (!p.EndsWithin(0.01)) {
    for (const std::string& name : ListDir(s.out)) {
      mode_t m = test::FileMode(s.out + "/" + name);
      if (m != 0) seen[name] |= m;
    }
  }
  CHECK(p.Wait().exit_code == 0);
  bool saw_temporary = false, saw_lock = false;
  for (const auto& [name, mode] : seen) {
    INFO(name);
    saw_temporary = saw_temporary || name.find(".vcsplit-") != std::string::npos;
    saw_lock = saw_lock || name == ".vcsplit.lock";
    if (s.before.count(name) == 0) CHECK((mode & 077) == 0);
  }
  CHECK(saw_temporary);
  CHECK(saw_lock);
  for (const char* name : {"native.vcf", "secondary.vcf", "rejects.vcf", "run.json"}) {
    CHECK(test::FileMode(s.out + "/" + name) == 0600);
  }
}

TEST_CASE("fault: a ledger changed during the run: the run uses the snapshot it read", "[fault]") {
  Scene s;
  WriteFile(s.dir / "big.vcf", ReadFile(s.dir / "contacts.vcf") + ManyCards(400000));
  std::string ledger = ReadFile(s.dir / "consent.csv");
  Process p(s.Split({s.dir / "big.vcf"}), s.dir.path());
  // Anna withdraws while the run is reading the book (held still meanwhile).
  // The ledger is read while the reader thread reads the first cards ahead
  // (at most a few MB); once 20 MiB of the book are read, the main thread
  // has been deciding cards, so the ledger was read.
  REQUIRE(WaitFor([&] { return test::ReadOffset(p.pid(), s.dir / "big.vcf") > (20 << 20); }, 60));
  p.Signal(SIGSTOP);
  WriteFile(s.dir / "consent.csv",
            ledger + "99,2026-11-28,withdrawn,+49 171 1234567,,,whatsapp,email,,,,,,,\n");
  p.Signal(SIGCONT);
  RunResult r = p.Wait();
  CHECK(r.exit_code == 0);
  CHECK(ReadFile(s.out + "/native.vcf").find("FN:Anna Schmidt") != std::string::npos);
  auto report = nlohmann::json::parse(ReadFile(s.out + "/run.json"));
  CHECK(report["ledger"]["sha256"][0] == Sha256::Of(ledger));
}

TEST_CASE("fault: an input rewritten between the two passes exits 2 and writes nothing",
          "[fault]") {
  Scene s;
  WriteFile(s.dir / "big.vcf", ManyCards(300000));
  const long long size = static_cast<long long>(test::FileSize(s.dir / "big.vcf"));
  Process p(s.Split({s.dir / "big.vcf"}), s.dir.path());
  // Once the first pass has read the first card, stop the run and change
  // that card in place. Fewer bytes read than the file holds: still pass 1.
  REQUIRE(WaitFor([&] { return test::ReadOffset(p.pid(), s.dir / "big.vcf") > 30; }, 60));
  p.Signal(SIGSTOP);
  REQUIRE(test::BytesRead(p.pid()) < size);
  int fd = ::open((s.dir / "big.vcf").c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  REQUIRE(::pwrite(fd, "X", 1, 30) == 1);  // inside "FN:Person 0"
  ::close(fd);
  p.Signal(SIGCONT);
  RunResult r = p.Wait();
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("vcsplit: " + (s.dir / "big.vcf") +
                   ": changed while it was being read; nothing was written\n") !=
        std::string::npos);
  s.CheckUntouched();
}

}  // namespace
}  // namespace vcsplit
