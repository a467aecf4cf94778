// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The Debian package (SPEC §6) and the systemd units of examples/systemd/:
// the package is built with CPack from this build, its fields and contents
// are read with dpkg-deb, and the binary it carries runs the example split;
// the units pass `systemd-analyze verify` against what the package installs.

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

using test::BuildPath;
using test::Exists;
using test::ListDir;
using test::Process;
using test::ReadFile;
using test::RunProgram;
using test::RunResult;
using test::SourcePath;
using test::SpawnOptions;
using test::TempDir;
using test::WriteFile;

// Builds the package into `dir`; returns its path. cpack first brings the
// build tree up to date (its "preinstall" step), which two cpack runs must
// not do at once: tests run in parallel take turns by a lock in the build
// tree.
std::string BuildPackage(const TempDir& dir) {
  int lock = ::open(BuildPath("package-test.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  REQUIRE(lock >= 0);
  REQUIRE(::flock(lock, LOCK_EX) == 0);
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{lock};
  RunResult cpack =
      RunProgram(VCSPLIT_CPACK_COMMAND,
                 {"--config", BuildPath("CPackConfig.cmake"), "-B", dir / "pkg"}, dir.path());
  INFO(cpack.out << cpack.err);
  REQUIRE(cpack.exit_code == 0);
  std::string name = std::string("vcsplit_") + VCSPLIT_VERSION + "_amd64.deb";
  REQUIRE(Exists(dir / ("pkg/" + name)));
  return dir / ("pkg/" + name);
}

std::string Field(const std::string& deb, const std::string& field, const std::string& cwd) {
  RunResult r = RunProgram("/usr/bin/dpkg-deb", {"--field", deb, field}, cwd);
  REQUIRE(r.exit_code == 0);
  std::string value = r.out;
  while (!value.empty() && value.back() == '\n') value.pop_back();
  return value;
}

TEST_CASE("package: the .deb has its fields, its files, and a binary that runs", "[package]") {
  TempDir dir;
  std::string deb = BuildPackage(dir);
  CHECK(Field(deb, "Package", dir.path()) == "vcsplit");
  CHECK(Field(deb, "Version", dir.path()) == VCSPLIT_VERSION);
  CHECK(Field(deb, "Architecture", dir.path()) == "amd64");
  // Depends: computed from the libraries the binary links, not written by hand.
  std::string depends = Field(deb, "Depends", dir.path());
  INFO(depends);
  for (const char* lib : {"libc6", "libstdc++6", "libphonenumber", "libfmt", "libicu", "libssl3",
                          "libcurl4", "libxml2", "libprotobuf"}) {
    CHECK(depends.find(lib) != std::string::npos);
  }

  RunResult list = RunProgram("/usr/bin/dpkg-deb", {"--contents", deb}, dir.path());
  REQUIRE(list.exit_code == 0);
  for (const char* path : {
           "./usr/bin/vcsplit",
           "./usr/share/man/man1/vcsplit.1",
           "./usr/share/bash-completion/completions/vcsplit",
           "./usr/share/zsh/site-functions/_vcsplit",
           "./usr/share/doc/vcsplit/README.md",
           "./usr/share/doc/vcsplit/LICENSE",
           "./usr/share/doc/vcsplit/examples/contacts.vcf",
           "./usr/share/doc/vcsplit/examples/consent.csv",
           "./usr/share/doc/vcsplit/examples/cron/crontab",
           "./usr/share/doc/vcsplit/examples/cron/vcsplit-nightly.sh",
           "./usr/share/doc/vcsplit/examples/ci/github-actions.yml",
           "./usr/share/doc/vcsplit/examples/systemd/vcsplit-nightly.service",
           "./usr/share/doc/vcsplit/examples/systemd/vcsplit-nightly.timer",
           "./usr/share/doc/vcsplit/examples/systemd/vcsplit-failure@.service",
           "./usr/libexec/vcsplit/vcsplit-nightly",
           "./usr/libexec/vcsplit/vcsplit-failure-mail",
       }) {
    INFO(path);
    CHECK(std::regex_search(list.out, std::regex(std::string(" ") + path + "\n")));
  }
  // Nothing outside /usr, no build or test files.
  CHECK_FALSE(std::regex_search(list.out, std::regex(R"( \./(etc|var|opt|home)/)")));
  CHECK(list.out.find("vcsplit_tests") == std::string::npos);
  CHECK(list.out.find("phone-diff") == std::string::npos);

  RunResult extract = RunProgram("/usr/bin/dpkg-deb", {"--extract", deb, dir / "root"}, dir.path());
  REQUIRE(extract.exit_code == 0);
  std::string root = dir / "root";
  CHECK(ReadFile(root + "/usr/share/man/man1/vcsplit.1") == ReadFile(BuildPath("vcsplit.1")));
  CHECK(ReadFile(root + "/usr/libexec/vcsplit/vcsplit-nightly") ==
        ReadFile(SourcePath("examples/cron/vcsplit-nightly.sh")));
  CHECK(test::FileMode(root + "/usr/libexec/vcsplit/vcsplit-nightly") == 0755);

  // The packaged binary: its version, and the example split from the
  // packaged examples.
  RunResult version = RunProgram(root + "/usr/bin/vcsplit", {"--version"}, dir.path());
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind(std::string("vcsplit ") + VCSPLIT_VERSION, 0) == 0);
  std::string examples = root + "/usr/share/doc/vcsplit/examples";
  ::mkdir((dir / "out").c_str(), 0700);
  RunResult split = RunProgram(root + "/usr/bin/vcsplit",
                               {"split", "--as-of", "2026-11-29", "-l", examples + "/consent.csv",
                                "-o", dir / "out", examples + "/contacts.vcf"},
                               dir.path());
  INFO(split.err);
  CHECK(split.exit_code == 0);
  CHECK(split.err.find("14 cards: 3 native, 10 secondary, 1 rejected") != std::string::npos);
  CHECK(ListDir(dir / "out") ==
        std::vector<std::string>{"native.vcf", "rejects.vcf", "secondary.vcf"});
}

TEST_CASE("package: --version names the commit of a git checkout", "[package]") {
  RunResult version = RunProgram(VCSPLIT_BINARY, {"--version"}, SourcePath(""));
  REQUIRE(version.exit_code == 0);
  std::string expected_start = std::string("vcsplit ") + VCSPLIT_VERSION;
  CHECK(version.out.rfind(expected_start, 0) == 0);
  if (Exists(SourcePath(".git"))) {
    RunResult head = RunProgram(
        "/usr/bin/git", {"-C", SourcePath(""), "rev-parse", "--short=12", "HEAD"}, SourcePath(""));
    REQUIRE(head.exit_code == 0);
    std::string commit = head.out.substr(0, head.out.find('\n'));
    CHECK(version.out.find(" (git " + commit) != std::string::npos);
  } else {
    CHECK(version.out == expected_start + "\n");
  }
}

// The units as an admin installs them, pointing at the package's files in
// `root` instead of /usr (systemd-analyze verify checks that every command
// exists and every man page in Documentation= opens).
void InstallUnits(const std::string& root, const std::string& units) {
  ::mkdir(units.c_str(), 0755);
  for (const char* name :
       {"vcsplit-nightly.service", "vcsplit-nightly.timer", "vcsplit-failure@.service"}) {
    std::string text =
        ReadFile(root + "/usr/share/doc/vcsplit/examples/systemd/" + std::string(name));
    text = std::regex_replace(text, std::regex("/usr/libexec/"), root + "/usr/libexec/");
    WriteFile(units + "/" + name, text);
  }
}

TEST_CASE("package: the systemd units pass systemd-analyze verify and are hardened",
          "[package][systemd]") {
  TempDir dir;
  std::string deb = BuildPackage(dir);
  REQUIRE(RunProgram("/usr/bin/dpkg-deb", {"--extract", deb, dir / "root"}, dir.path()).exit_code ==
          0);
  std::string units = dir / "units";
  InstallUnits(dir / "root", units);
  SpawnOptions o;
  o.program = "/usr/bin/systemd-analyze";
  o.env = {"MANPATH=" + (dir / "root/usr/share/man"), "SYSTEMD_LOG_COLOR=0"};
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"verify", units + "/vcsplit-nightly.service",
                                 units + "/vcsplit-nightly.timer"},
        std::vector<std::string>{"verify", units + "/vcsplit-failure@.service"},
        std::vector<std::string>{"verify",
                                 units + "/vcsplit-failure@vcsplit-nightly.service.service"}}) {
    if (args.back().find("@vcsplit-nightly") != std::string::npos) {
      // An instance, as OnFailure= starts it.
      WriteFile(args.back(), ReadFile(units + "/vcsplit-failure@.service"));
    }
    Process verify(args, units, o);
    RunResult r = verify.Wait();
    INFO(args.back() << "\n" << r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
  }
  // A command the units name that does not exist makes verify fail: the
  // check above can fail.
  std::string broken = dir / "broken";
  ::mkdir(broken.c_str(), 0755);
  WriteFile(
      broken + "/vcsplit-nightly.service",
      std::regex_replace(ReadFile(units + "/vcsplit-nightly.service"),
                         std::regex("libexec/vcsplit/vcsplit-nightly"), "libexec/vcsplit/missing"));
  Process bad({"verify", broken + "/vcsplit-nightly.service"}, broken, o);
  RunResult r = bad.Wait();
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("missing") != std::string::npos);

  // The hardening SPEC §6 asks for, and a low exposure score.
  std::string service = ReadFile(units + "/vcsplit-nightly.service");
  for (const char* line :
       {"\nNoNewPrivileges=yes\n", "\nProtectSystem=strict\n", "\nPrivateTmp=yes\n",
        "\nUMask=0077\n", "\nReadWritePaths=/var/lib/vcsplit/out /var/lib/vcsplit/reports\n",
        "\nUser=vcsplit\n", "\nOnFailure=vcsplit-failure@%n.service\n"}) {
    CHECK(service.find(line) != std::string::npos);
  }
  Process security({"security", "--offline=yes", units + "/vcsplit-nightly.service"}, units, o);
  RunResult score = security.Wait();
  INFO(score.out << score.err);
  std::smatch m;
  REQUIRE(
      std::regex_search(score.out, m, std::regex(R"(Overall exposure level for \S+: ([0-9.]+))")));
  CHECK(std::stod(m[1]) <= 2.0);
}

TEST_CASE("package: the failure hook mails the journal of the failed run", "[package][systemd]") {
  TempDir dir;
  std::string bin = dir / "bin";
  ::mkdir(bin.c_str(), 0755);
  auto script = [&](const std::string& name, const std::string& text) {
    WriteFile(bin + "/" + name, text);
    ::chmod((bin + "/" + name).c_str(), 0755);
  };
  script("systemctl",
         "#!/bin/sh\ncase \"$1\" in show) echo 0123abcd ;; status) echo \"x $*\" ;; esac\n");
  script("journalctl",
         "#!/bin/sh\necho \"journal: $*\"\necho 'vcsplit: export.vcf: no cards "
         "found; nothing was written'\n");
  script("fake-mail", "#!/bin/sh\n{ echo \"args: $*\"; cat; } > '" + (dir / "mail.txt") + "'\n");
  SpawnOptions o;
  o.program = "/bin/sh";
  o.env = {"PATH=" + bin + ":/usr/bin:/bin", "VCSPLIT_MAIL=fake-mail",
           "VCSPLIT_FAILURE_MAILTO=dpo@example.org"};
  Process hook({SourcePath("examples/systemd/vcsplit-failure-mail"), "vcsplit-nightly.service"},
               dir.path(), o);
  RunResult r = hook.Wait();
  INFO(r.err);
  CHECK(r.exit_code == 0);
  std::string mail = ReadFile(dir / "mail.txt");
  CHECK(mail.rfind("args: -s vcsplit: vcsplit-nightly.service failed dpo@example.org\n", 0) == 0);
  CHECK(mail.find("journal: --no-pager --output=cat _SYSTEMD_INVOCATION_ID=0123abcd") !=
        std::string::npos);
  CHECK(mail.find("no cards found; nothing was written") != std::string::npos);

  // No recipient: no mail.
  ::unlink((dir / "mail.txt").c_str());
  o.env.back() = "VCSPLIT_FAILURE_MAILTO=";
  Process quiet({SourcePath("examples/systemd/vcsplit-failure-mail"), "vcsplit-nightly.service"},
                dir.path(), o);
  CHECK(quiet.Wait().exit_code == 0);
  CHECK_FALSE(Exists(dir / "mail.txt"));
}

}  // namespace
}  // namespace vcsplit
