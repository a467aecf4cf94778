// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit --generate man|bash|zsh`: the man page and the shell completions,
// generated from the same command-line definitions that produce --help, so
// they cannot drift apart. The build runs it; `cmake --install` installs the
// results.

#ifndef VCSPLIT_CLI_GENERATE_H_
#define VCSPLIT_CLI_GENERATE_H_

#include <string>

#include <CLI/CLI.hpp>

namespace vcsplit::cli {

std::string ManPage(CLI::App& app);
std::string BashCompletion(CLI::App& app);
std::string ZshCompletion(CLI::App& app);

}  // namespace vcsplit::cli

#endif  // VCSPLIT_CLI_GENERATE_H_
