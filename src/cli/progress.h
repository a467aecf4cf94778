// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The progress line of `--progress` on stderr: on a terminal one line
// redrawn in place (carriage return, no escape sequences and no colour) at
// most ten times a second; with `--progress always` and stderr not a
// terminal, one plain line per second, for logs. Other messages clear the
// line first (ClearProgress), so they never share a line with it.

#ifndef VCSPLIT_CLI_PROGRESS_H_
#define VCSPLIT_CLI_PROGRESS_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "split/split.h"

namespace vcsplit::cli {

// "auto", "always" or "never" with -q: the callback for SplitOptions, or an
// empty function when no progress is to be shown.
std::function<void(const SplitProgress&)> MakeProgress(const std::string& mode, bool quiet);

// Erases a progress line drawn on a terminal, if any.
void ClearProgress();

}  // namespace vcsplit::cli

#endif  // VCSPLIT_CLI_PROGRESS_H_
