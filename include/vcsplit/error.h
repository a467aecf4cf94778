// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Fatal conditions. Bad data never throws: a bad card or ledger row is reported
// to a Reporter and handled fail-closed. What throws is what ends a run: an
// unreadable input, a bad option found deep in the core, an output that cannot
// be written. Each carries the exit code of SPEC §2.4 it maps to; `main` (and
// only `main`) turns it into a message and that exit code.

#ifndef VCSPLIT_ERROR_H_
#define VCSPLIT_ERROR_H_

#include <stdexcept>
#include <string>

namespace vcsplit {

// Exit codes of SPEC §2.4, shared by every subcommand.
enum ExitCode : int {
  kExitOk = 0,
  kExitFindings = 1,
  kExitUsage = 2,
  kExitOutput = 3,
  kExitInterrupted = 130,
};

class FatalError : public std::runtime_error {
 public:
  FatalError(ExitCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// "<what>: <strerror(errno_value)>", the form of every I/O failure message.
std::string SystemMessage(const std::string& what, int errno_value);

[[noreturn]] inline void ThrowUsage(const std::string& message) {
  throw FatalError(kExitUsage, message);
}

}  // namespace vcsplit

#endif  // VCSPLIT_ERROR_H_
