// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The cron wrapper and the CI jobs in examples/, run as far as they can be
// run here: the wrapper for real (with a stand-in for mail and a clock that
// ticks), the CI jobs' `vcsplit check` commands in a repository laid out as
// they expect, their JUnit output validated against the schema.

#include <cctype>
#include <fstream>
#include <functional>
#include <sstream>

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dav_test_util.h"
#include "test_util.h"

namespace vcsplit {
namespace {

using test::Exists;
using test::ListDir;
using test::Process;
using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SourcePath;
using test::SpawnOptions;
using test::TempDir;
using test::WriteFile;

void WriteScript(const std::string& path, const std::string& text) {
  WriteFile(path, text);
  ::chmod(path.c_str(), 0755);
}

// A directory for the wrapper: a fake `date` that counts up one second per
// call (so every run gets its own stamp) and a `mail` that keeps what it
// was given.
struct CronSetup {
  TempDir dir;
  std::string bin = dir / "bin";
  std::string out = dir / "out";

  CronSetup() {
    ::mkdir(bin.c_str(), 0755);
    ::mkdir(out.c_str(), 0755);
    WriteFile(dir / "tick", "0");
    WriteScript(bin + "/date", "#!/bin/sh\nn=$(cat '" + (dir / "tick") + "')\necho $((n + 1)) > '" +
                                   (dir / "tick") + "'\nprintf '20261129T0230%02dZ\\n' \"$n\"\n");
    WriteScript(bin + "/fake-mail",
                "#!/bin/sh\n{ echo \"args: $*\"; cat; } >> '" + (dir / "mail.txt") + "'\n");
    WriteFile(dir / "ledger.csv", ReadFile(SourcePath("examples/consent.csv")));
  }

  RunResult Run(const std::vector<std::string>& extra_env = {}) {
    SpawnOptions o;
    o.program = "/bin/sh";
    o.env = {"PATH=" + bin + ":/usr/bin:/bin",
             std::string("VCSPLIT=") + VCSPLIT_BINARY,
             "VCSPLIT_INPUT=" + SourcePath("examples/contacts.vcf"),
             "VCSPLIT_LEDGER=" + (dir / "ledger.csv"),
             "VCSPLIT_OUT=" + out,
             "VCSPLIT_KEEP=3",
             "VCSPLIT_MAILTO=dpo@example.org",
             "VCSPLIT_MAIL=fake-mail",
             "VCSPLIT_OPTS=--as-of 2026-11-29"};
    o.env.insert(o.env.end(), extra_env.begin(), extra_env.end());
    Process p({SourcePath("examples/cron/vcsplit-nightly.sh")}, dir.path(), o);
    return p.Wait();
  }
};

TEST_CASE("examples: the cron wrapper keeps the last N reports and mails only on failure",
          "[examples]") {
  CronSetup cron;
  for (int i = 0; i < 5; ++i) {
    RunResult r = cron.Run();
    INFO(r.err);
    CHECK(r.exit_code == 0);
  }
  CHECK_FALSE(Exists(cron.dir / "mail.txt"));
  std::vector<std::string> reports = ListDir(cron.out + "/reports");
  // The reports and logs of runs 3 to 5 (the fake clock gives run n the
  // stamp n-1), and the removed lists of the same runs (every run after the
  // first writes one).
  CHECK(reports ==
        std::vector<std::string>{"audit.html", "removed-20261129T023002Z.vcf",
                                 "removed-20261129T023003Z.vcf", "removed-20261129T023004Z.vcf",
                                 "run-20261129T023002Z.json", "run-20261129T023002Z.log",
                                 "run-20261129T023003Z.json", "run-20261129T023003Z.log",
                                 "run-20261129T023004Z.json", "run-20261129T023004Z.log"});
  auto report = nlohmann::json::parse(ReadFile(cron.out + "/reports/run-20261129T023004Z.json"));
  CHECK(report["counts"]["cards"] == 14);
  CHECK(report["counts"]["native"] == 3);
  CHECK(ReadFile(cron.out + "/reports/removed-20261129T023004Z.vcf").empty());  // nobody left
  CHECK(test::FileMode(cron.out + "/reports/run-20261129T023004Z.log") == 0600);
  // The audit page covers exactly the kept reports.
  std::string audit = ReadFile(cron.out + "/reports/audit.html");
  for (const char* stamp : {"023002Z", "023003Z", "023004Z"}) {
    CHECK(audit.find(std::string("run-20261129T") + stamp + ".json") != std::string::npos);
  }
  CHECK(audit.find("run-20261129T023001Z.json") == std::string::npos);
  CHECK(audit.find("(native book shrank)</span>") == std::string::npos);

  // A consent withdrawn: the next run's removed list holds that card.
  RunResult add = RunVcsplit({"ledger", "add", cron.dir / "ledger.csv", "--status", "withdrawn",
                              "--email", "anna.schmidt@example.de", "--at", "2026-11-28"},
                             cron.dir.path());
  REQUIRE(add.exit_code == 0);
  CHECK(cron.Run().exit_code == 0);
  std::string removed = ReadFile(cron.out + "/reports/removed-20261129T023005Z.vcf");
  CHECK(removed.find("FN:Anna Schmidt") != std::string::npos);
  CHECK(removed.rfind("BEGIN:VCARD", 0) == 0);
  CHECK(ReadFile(cron.out + "/native.vcf").find("Anna Schmidt") == std::string::npos);
  // The page marks that run: the native book shrank, 3 to 2.
  audit = ReadFile(cron.out + "/reports/audit.html");
  CHECK(audit.find("run-20261129T023005Z.json") != std::string::npos);
  CHECK(audit.find("&#9660; \u22121 (native book shrank)</span>") != std::string::npos);
  CHECK(audit.find("Anna") == std::string::npos);
  // In German, when the DPO prefers it.
  CHECK(cron.Run({"VCSPLIT_LANG=de"}).exit_code == 0);
  CHECK(ReadFile(cron.out + "/reports/audit.html").find("Einwilligungsregister") !=
        std::string::npos);
}

TEST_CASE("examples: the cron wrapper mails the log when a run fails", "[examples]") {
  CronSetup cron;
  CHECK(cron.Run().exit_code == 0);
  std::string native = ReadFile(cron.out + "/native.vcf");
  RunResult r = cron.Run({"VCSPLIT_LEDGER=" + (cron.dir / "missing.csv")});
  CHECK(r.exit_code == 2);
  std::string mail = ReadFile(cron.dir / "mail.txt");
  CHECK(mail.rfind("args: -s vcsplit: nightly split failed (exit 2) dpo@example.org\n", 0) == 0);
  CHECK(mail.find("The previous outputs in " + cron.out + " were left as they were.") !=
        std::string::npos);
  CHECK(mail.find("missing.csv: No such file or directory") != std::string::npos);
  CHECK(ReadFile(cron.out + "/native.vcf") == native);

  // --strict findings (the example book has a truncated card) are exit 1, mailed too.
  RunResult strict = cron.Run({"VCSPLIT_OPTS=--as-of 2026-11-29 --strict"});
  CHECK(strict.exit_code == 1);
  CHECK(ReadFile(cron.dir / "mail.txt").find("failed (exit 1)") != std::string::npos);

  // Nobody to mail (under systemd, where the failure hook mails): the log
  // goes to standard error, for the journal.
  ::unlink((cron.dir / "mail.txt").c_str());
  RunResult journal = cron.Run({"VCSPLIT_LEDGER=" + (cron.dir / "missing.csv"), "VCSPLIT_MAILTO="});
  CHECK(journal.exit_code == 2);
  CHECK_FALSE(Exists(cron.dir / "mail.txt"));
  CHECK(journal.err.find("vcsplit exited with status 2") != std::string::npos);
  CHECK(journal.err.find("missing.csv: No such file or directory") != std::string::npos);

  // A missing setting is exit 2 before anything runs.
  RunResult unset = cron.Run({"VCSPLIT_INPUT="});
  CHECK(unset.exit_code == 2);
  CHECK(unset.err == "vcsplit-nightly: VCSPLIT_INPUT is not set\n");
}

TEST_CASE("examples: a night with a broken export mails the log and keeps yesterday's books",
          "[examples]") {
  CronSetup cron;
  REQUIRE(cron.Run().exit_code == 0);
  std::string native = ReadFile(cron.out + "/native.vcf");
  std::string secondary = ReadFile(cron.out + "/secondary.vcf");
  REQUIRE_FALSE(native.empty());
  // The CRM's export failed: its web server answered with an error page.
  WriteFile(cron.dir / "export.vcf", "<html>502 Bad Gateway</html>\n");
  RunResult r = cron.Run({"VCSPLIT_INPUT=" + (cron.dir / "export.vcf")});
  CHECK(r.exit_code == 2);
  std::string mail = ReadFile(cron.dir / "mail.txt");
  CHECK(mail.rfind("args: -s vcsplit: nightly split failed (exit 2) dpo@example.org\n", 0) == 0);
  CHECK(mail.find("export.vcf: no cards found; nothing was written") != std::string::npos);
  CHECK(ReadFile(cron.out + "/native.vcf") == native);
  CHECK(ReadFile(cron.out + "/secondary.vcf") == secondary);
  // An empty export the next night: the same.
  WriteFile(cron.dir / "export.vcf", "");
  CHECK(cron.Run({"VCSPLIT_INPUT=" + (cron.dir / "export.vcf")}).exit_code == 2);
  CHECK(ReadFile(cron.out + "/native.vcf") == native);
  // The audit page still shows the one good night, not a failed one.
  std::string audit = ReadFile(cron.out + "/reports/audit.html");
  CHECK(audit.find("run-20261129T023000Z.json") != std::string::npos);
  CHECK(audit.find("History") == std::string::npos);  // one run: no history
}

TEST_CASE("examples: the cron wrapper fetches from the CRM, splits and publishes to the phones",
          "[examples][dav]") {
  CronSetup cron;
  ::mkdir((cron.dir / "server").c_str(), 0700);
  test::DavServer server(test::DavServer::Kind::kRadicale, cron.dir / "server");
  WriteFile(cron.dir / "password", std::string(test::DavServer::kPassword) + "\n");
  ::chmod((cron.dir / "password").c_str(), 0600);
  const std::vector<std::string> login = {"--user", test::DavServer::kUser, "--password-file",
                                          cron.dir / "password"};
  // The CRM's address book on the server: the example contacts.
  WriteFile(cron.dir / "none.vcf", "");
  std::vector<std::string> seed = {"publish",         "-q",
                                   "--create",        "--allow-empty",
                                   "--native-url",    server.Collection("crm"),
                                   "--secondary-url", server.Collection("crm-archive")};
  seed.insert(seed.end(), login.begin(), login.end());
  seed.push_back(SourcePath("examples/contacts.vcf"));
  seed.push_back(cron.dir / "none.vcf");
  REQUIRE(RunVcsplit(seed, cron.dir.path()).exit_code == 0);
  // The phones' collections exist (made by the admin, or with --create).
  for (const char* name : {"native", "secondary"}) {
    std::vector<std::string> make = {
        "publish",         "-q",
        "--create",        "--allow-empty",
        "--native-url",    server.Collection(name),
        "--secondary-url", server.Collection(std::string(name) + "-x")};
    make.insert(make.end(), login.begin(), login.end());
    make.push_back(cron.dir / "none.vcf");
    make.push_back(cron.dir / "none.vcf");
    REQUIRE(RunVcsplit(make, cron.dir.path()).exit_code == 0);
  }
  const std::vector<std::string> env = {"VCSPLIT_INPUT=" + (cron.dir / "export.vcf"),
                                        "VCSPLIT_FETCH_URL=" + server.Collection("crm"),
                                        "VCSPLIT_NATIVE_URL=" + server.Collection("native"),
                                        "VCSPLIT_SECONDARY_URL=" + server.Collection("secondary"),
                                        std::string("VCSPLIT_DAV_USER=") + test::DavServer::kUser,
                                        "VCSPLIT_DAV_PASSWORD_FILE=" + (cron.dir / "password")};
  RunResult night = cron.Run(env);
  INFO((test::Exists(cron.dir / "mail.txt") ? ReadFile(cron.dir / "mail.txt") : night.err));
  REQUIRE(night.exit_code == 0);
  auto fetch = [&](const std::string& name) {
    std::vector<std::string> args = {"fetch", "-q", server.Collection(name)};
    args.insert(args.end(), login.begin(), login.end());
    return RunVcsplit(args, cron.dir.path()).out;
  };
  std::string phones = fetch("native");
  CHECK(phones.find("FN:Anna Schmidt") != std::string::npos);
  CHECK(phones.find("FN:Olga Petrova") != std::string::npos);
  CHECK(fetch("secondary").find("FN:Claire Dubois") != std::string::npos);
  CHECK(test::Exists(cron.out + "/reports/publish-20261129T023000Z.json"));

  // Anna withdraws: after the next night she is gone from the phones.
  REQUIRE(RunVcsplit({"ledger", "add", cron.dir / "ledger.csv", "--status", "withdrawn", "--phone",
                      "+49 171 1234567", "--at", "2026-11-28"},
                     cron.dir.path())
              .exit_code == 0);
  REQUIRE(cron.Run(env).exit_code == 0);
  CHECK(fetch("native").find("Anna Schmidt") == std::string::npos);
  CHECK(fetch("secondary").find("FN:Anna Schmidt") != std::string::npos);
  CHECK_FALSE(test::Exists(cron.dir / "mail.txt"));
}

TEST_CASE("examples: the shell scripts pass shellcheck", "[examples]") {
  TempDir dir;
  SpawnOptions o;
  o.program = "/usr/bin/shellcheck";
  Process p({SourcePath("examples/cron/vcsplit-nightly.sh"), SourcePath("scripts/install-deps.sh"),
             SourcePath("scripts/sanitize-and-fuzz.sh"), SourcePath("scripts/static-checks.sh"),
             SourcePath(".ci/run")},
            dir.path(), o);
  RunResult r = p.Wait();
  INFO(r.out);
  CHECK(r.exit_code == 0);
}

TEST_CASE("examples: the crontab line runs the wrapper nightly", "[examples]") {
  std::string crontab = ReadFile(SourcePath("examples/cron/crontab"));
  std::string job;
  std::istringstream lines(crontab);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != '#' && line.find('=') != 0 && std::isdigit(line[0])) job = line;
  }
  std::istringstream fields(job);
  std::string minute, hour, dom, month, dow;
  fields >> minute >> hour >> dom >> month >> dow;
  CHECK(minute == "30");
  CHECK(hour == "2");
  CHECK(dom + month + dow == "***");
  CHECK(job.find("VCSPLIT_INPUT=") != std::string::npos);
  CHECK(job.find("VCSPLIT_LEDGER=") != std::string::npos);
  CHECK(job.find("VCSPLIT_OUT=") != std::string::npos);
  // Where the package installs the wrapper (tests/package_test.cc).
  CHECK(job.substr(job.rfind(' ') + 1) == "/usr/libexec/vcsplit/vcsplit-nightly");
}

// The `vcsplit check` command lines of a CI job file (YAML read by Python's
// yaml module, then walked as JSON).
std::vector<std::string> CheckCommands(const std::string& yaml_file) {
  TempDir dir;
  SpawnOptions o;
  o.program = "/usr/bin/python3";
  Process p({"-c",
             "import json, sys, yaml\n"
             "print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))\n",
             yaml_file},
            dir.path(), o);
  RunResult r = p.Wait();
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> commands;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_string()) {
      std::istringstream lines(j.get<std::string>());
      for (std::string line; std::getline(lines, line);) {
        size_t at = line.find("vcsplit check");
        if (at != std::string::npos) commands.push_back(line.substr(at));
      }
    }
    if (j.is_object() || j.is_array()) {
      for (const auto& item : j) walk(item);
    }
  };
  walk(nlohmann::json::parse(r.out));
  return commands;
}

void CheckCiJob(const std::string& file, size_t expected_commands) {
  std::vector<std::string> commands = CheckCommands(SourcePath(file));
  REQUIRE(commands.size() == expected_commands);
  // A repository laid out as the job expects, with vcsplit on PATH.
  TempDir repo;
  ::mkdir((repo / "contacts").c_str(), 0755);
  ::mkdir((repo / "consent").c_str(), 0755);
  ::mkdir((repo / "bin").c_str(), 0755);
  ::symlink(VCSPLIT_BINARY, (repo / "bin/vcsplit").c_str());
  WriteFile(repo / "consent/ledger.csv", ReadFile(SourcePath("examples/consent.csv")));
  for (bool clean : {true, false}) {
    // Clean: only contacts who consented; else the whole example book.
    std::string book = ReadFile(SourcePath("examples/contacts.vcf"));
    if (clean) {
      RunResult split = RunVcsplit({"split", "-q", "-l", repo / "consent/ledger.csv", "-o",
                                    repo.path(), SourcePath("examples/contacts.vcf")},
                                   repo.path());
      REQUIRE(split.exit_code == 0);
      book = ReadFile(repo / "native.vcf");
    }
    WriteFile(repo / "contacts/native.vcf", book);
    for (const std::string& command : commands) {
      INFO(file << ": " << command << (clean ? " (clean)" : " (not clean)"));
      SpawnOptions o;
      o.program = "/bin/bash";
      o.env = {"PATH=" + (repo / "bin") + ":/usr/bin:/bin"};
      Process p({"-c", command}, repo.path(), o);
      RunResult r = p.Wait();
      bool junit = command.find("--format junit") != std::string::npos;
      bool tolerant = command.find("|| test $? -eq 1") != std::string::npos;
      CHECK(r.exit_code == (clean || tolerant ? 0 : 1));
      if (junit) {
        std::string cmd = "xmllint --noout --schema '" + SourcePath("tests/data/junit.xsd") +
                          "' '" + (repo / "vcsplit-junit.xml") + "' 2>/dev/null";
        CHECK(std::system(cmd.c_str()) == 0);
        std::string xml = ReadFile(repo / "vcsplit-junit.xml");
        CHECK((xml.find("<failure") == std::string::npos) == clean);
        CHECK(xml.find("Hoffmann") == std::string::npos);  // --redact
      } else if (!clean) {
        CHECK(r.out.find("::error file=contacts/native.vcf,line=") != std::string::npos);
      }
    }
  }
}

TEST_CASE("examples: the GitHub Actions job's checks pass on a clean export and fail otherwise",
          "[examples]") {
  CheckCiJob("examples/ci/github-actions.yml", 2);
}

TEST_CASE("examples: the GitLab CI job's check writes the JUnit report it uploads", "[examples]") {
  CheckCiJob("examples/ci/gitlab-ci.yml", 1);
  std::string job = ReadFile(SourcePath("examples/ci/gitlab-ci.yml"));
  CHECK(job.find("junit: vcsplit-junit.xml") != std::string::npos);
  CHECK(job.find("when: always") != std::string::npos);
}

}  // namespace
}  // namespace vcsplit
