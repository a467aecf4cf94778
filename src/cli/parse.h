// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The command line into usage errors a person can act on (see parse.cc).

#ifndef VCSPLIT_CLI_PARSE_H_
#define VCSPLIT_CLI_PARSE_H_

#include <CLI/CLI.hpp>

namespace vcsplit::cli {

// Parses `argv` into `app`. Returns -1 when the command can run, else the
// exit code: 0 after --help or --version, 2 after a usage error printed on
// stderr (an unknown command or option, quoted, with the closest known one,
// before any missing required option).
int ParseCommandLine(CLI::App& app, int argc, char** argv);

}  // namespace vcsplit::cli

#endif  // VCSPLIT_CLI_PARSE_H_
