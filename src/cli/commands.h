// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// CLI glue shared by the subcommands: global options, the stderr reporter,
// and one Setup function per subcommand (each in its own cmd_*.cc) that binds
// options to a struct and returns the function that runs the command.

#ifndef VCSPLIT_CLI_COMMANDS_H_
#define VCSPLIT_CLI_COMMANDS_H_

#include <cerrno>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "book/book.h"
#include "progress.h"
#include "split/split.h"
#include "vcsplit/diagnostics.h"
#include "vcsplit/error.h"

namespace vcsplit::cli {

struct GlobalOptions {
  bool quiet = false;    // only errors on stderr
  bool verbose = false;  // more detail on stderr
};

// Writes a message to stderr. A failed write to stderr cannot be reported
// anywhere, so its result is deliberately not used.
inline void PrintError(const std::string& text) {
  static_cast<void>(std::fputs(text.c_str(), stderr));
}

// Prints `vcsplit: file:line: message` on stderr; warnings are hidden by -q.
class StderrReporter : public Reporter {
 public:
  explicit StderrReporter(const GlobalOptions& g) : global_(g) {}
  void Report(const Diagnostic& d) override {
    if (global_.quiet && d.severity != Severity::kError) return;
    ClearProgress();
    PrintError("vcsplit: " + FormatDiagnostic(d) + "\n");
  }

 private:
  const GlobalOptions& global_;
};

// Standard output closed by the reader (`vcsplit check ... | head`): end
// quietly with the status a process killed by SIGPIPE would have.
constexpr int kExitBrokenPipe = 141;

// Throws for a failed write to standard output: quietly for a closed pipe
// (SIGPIPE is ignored, so the write fails with EPIPE), else exit 3.
[[noreturn]] inline void ThrowStdoutError(int errno_value) {
  if (errno_value == EPIPE) throw FatalError(static_cast<ExitCode>(kExitBrokenPipe), "");
  throw FatalError(kExitOutput, SystemMessage("standard output", errno_value));
}

// Writes to standard output (buffered); see FlushStdout.
inline void Out(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) ThrowStdoutError(errno);
}

// Flushes standard output and reports a failed write, late or not.
inline void FlushStdout() {
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) ThrowStdoutError(errno);
}

// The options of every command that reads address books: --input-format,
// the CSV key columns (--no-header, --phone-columns, --email-columns,
// --uid-column; SPEC §3.2) and, where `card_size`, --max-card-size.
struct BookArgs {
  BookOptions books;
  std::optional<std::string> format;
  std::string max_card_size;
  // The options as parsed, the size read. Throws FatalError(kExitUsage).
  BookOptions Resolve() const;
};
void AddBookOptions(CLI::App* cmd, BookArgs* args, bool card_size);

// -r/--region CC into `region`. Case does not matter: "de" is DE.
void AddRegionOption(CLI::App* cmd, std::string* region);

// The ledger options of every command that decides cards (split, check,
// publish): --ledger, --purpose, --region, --as-of, --max-age, --unknown
// (into `unknown`, as written) and --allow-empty.
void AddDecideOptions(CLI::App* cmd, DecideOptions* options, std::string* unknown);

// The command's work, run after parsing; returns the exit code. May throw
// FatalError.
using RunFunction = std::function<int()>;

void SetupSplit(CLI::App& app, const GlobalOptions& global, RunFunction* run);
void SetupCheck(CLI::App& app, const GlobalOptions& global, RunFunction* run);
void SetupDiff(CLI::App& app, const GlobalOptions& global, RunFunction* run);
void SetupLedger(CLI::App& app, const GlobalOptions& global, RunFunction* run);
void SetupFetch(CLI::App& app, const GlobalOptions& global, RunFunction* run);
void SetupPublish(CLI::App& app, const GlobalOptions& global, RunFunction* run);
void SetupReport(CLI::App& app, const GlobalOptions& global, RunFunction* run);

}  // namespace vcsplit::cli

#endif  // VCSPLIT_CLI_COMMANDS_H_
