// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Builds the command line, parses it, runs the chosen subcommand and maps
// errors to the exit codes of SPEC §2.4. Nothing else lives here.

#include <csignal>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "generate.h"
#include "ledger/timeparse.h"
#include "parse.h"
#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"
#include "vcsplit_commit.h"

namespace {

constexpr const char* kDescription =
    "vcsplit splits an address book into a native book (contacts who consented)\n"
    "and a secondary book (everyone else), by a consent ledger.";

constexpr const char* kFooter =
    "Exit codes:\n"
    "  0    success (warnings may have been printed)\n"
    "  1    findings (--strict and something was rejected or warned)\n"
    "  2    usage or input error: nothing was written\n"
    "  3    an output could not be written: nothing was replaced\n"
    "  130  interrupted: nothing was replaced\n"
    "\n"
    "Example:\n"
    "  vcsplit split --ledger consent.csv --out-dir out/ contacts.vcf\n"
    "\n"
    "Run 'vcsplit COMMAND --help' for the options of a command.";

// "vcsplit 0.2.0", and in a build from a git checkout the commit:
// "vcsplit 0.2.0 (git 0123456789ab)", "-dirty" when files were changed.
std::string VersionText() {
  std::string text = std::string("vcsplit ") + VCSPLIT_VERSION;
  std::string commit = VCSPLIT_COMMIT;
  if (!commit.empty()) text += " (git " + commit + ")";
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  using vcsplit::FatalError;
  vcsplit::PinLocalTimeZone();
  CLI::App app(kDescription, "vcsplit");
  app.footer(kFooter);
  app.set_version_flag("--version", VersionText());
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand

  vcsplit::cli::GlobalOptions global;
  app.add_flag("-q,--quiet", global.quiet, "Print only errors on stderr")->configurable(false);
  app.add_flag("-v,--verbose", global.verbose, "Print more detail on stderr");

  vcsplit::cli::RunFunction run;
  vcsplit::cli::SetupSplit(app, global, &run);
  vcsplit::cli::SetupCheck(app, global, &run);
  vcsplit::cli::SetupDiff(app, global, &run);
  vcsplit::cli::SetupLedger(app, global, &run);
  vcsplit::cli::SetupFetch(app, global, &run);
  vcsplit::cli::SetupPublish(app, global, &run);
  vcsplit::cli::SetupReport(app, global, &run);

  // Not an option of the parser: it works without a subcommand.
  if (argc == 3 && std::string(argv[1]) == "--generate") {
    std::string what = argv[2];
    if (what == "man") return fmt::print("{}", vcsplit::cli::ManPage(app)), 0;
    if (what == "bash") return fmt::print("{}", vcsplit::cli::BashCompletion(app)), 0;
    if (what == "zsh") return fmt::print("{}", vcsplit::cli::ZshCompletion(app)), 0;
    fmt::print(stderr, "vcsplit: --generate: expected man, bash or zsh\n");
    return vcsplit::kExitUsage;
  }

  int parsed = vcsplit::cli::ParseCommandLine(app, argc, argv);
  if (parsed >= 0) return parsed;

  vcsplit::InstallInterruptHandlers();
  // A closed standard output shows up as EPIPE from write (see FlushStdout),
  // so that temporary files are removed on the way out.
  static_cast<void>(std::signal(SIGPIPE, SIG_IGN));
  // Likewise a file size limit (ulimit -f) shows up as EFBIG: exit 3, not a
  // kill that would leave temporary files behind.
  static_cast<void>(std::signal(SIGXFSZ, SIG_IGN));
  try {
    int code = run ? run() : vcsplit::kExitUsage;
    vcsplit::cli::FlushStdout();
    return code;
  } catch (const FatalError& e) {
    vcsplit::cli::ClearProgress();
    // A signal that arrived just as something else failed (a read that
    // returned end of input instead of EINTR, say): the run was interrupted.
    if (vcsplit::Interrupted() && e.code() != vcsplit::kExitInterrupted) {
      fmt::print(stderr, "vcsplit: interrupted; nothing was replaced\n");
      return vcsplit::kExitInterrupted;
    }
    if (*e.what()) fmt::print(stderr, "vcsplit: {}\n", e.what());
    return e.code();
  } catch (const std::exception& e) {
    vcsplit::cli::ClearProgress();
    fmt::print(stderr, "vcsplit: internal error: {}\n", e.what());
    return vcsplit::kExitOutput;
  }
}
