// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// CLI glue shared by the subcommands: global options, the stderr reporter,
// and one Setup function per subcommand (each in its own cmd_*.cc) that binds
// options to a struct and returns the function that runs the command.

#ifndef VCSPLIT_CLI_COMMANDS_H_
#define VCSPLIT_CLI_COMMANDS_H_

#include <cstdio>
#include <functional>

#include <CLI/CLI.hpp>

#include "vcsplit/diagnostics.h"

namespace vcsplit::cli {

struct GlobalOptions {
  bool quiet = false;    // only errors on stderr
  bool verbose = false;  // more detail on stderr
};

// Prints `vcsplit: file:line: message` on stderr; warnings are hidden by -q.
class StderrReporter : public Reporter {
 public:
  explicit StderrReporter(const GlobalOptions& g) : global_(g) {}
  void Report(const Diagnostic& d) override {
    if (global_.quiet && d.severity == Severity::kWarning) return;
    std::fprintf(stderr, "vcsplit: %s\n", FormatDiagnostic(d).c_str());
  }

 private:
  const GlobalOptions& global_;
};

// The command's work, run after parsing; returns the exit code. May throw
// FatalError.
using RunFunction = std::function<int()>;

void SetupSplit(CLI::App& app, const GlobalOptions& global, RunFunction* run);
void SetupCheck(CLI::App& app, const GlobalOptions& global, RunFunction* run);
void SetupLedger(CLI::App& app, const GlobalOptions& global, RunFunction* run);

}  // namespace vcsplit::cli

#endif  // VCSPLIT_CLI_COMMANDS_H_
