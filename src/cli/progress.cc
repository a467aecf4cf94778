// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "progress.h"

#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <unistd.h>

namespace vcsplit::cli {

namespace {

using Clock = std::chrono::steady_clock;

// What is on the terminal's current line, so it can be erased.
size_t g_drawn = 0;

class ProgressLine {
 public:
  explicit ProgressLine(bool terminal) : terminal_(terminal), start_(Clock::now()), last_(start_) {}

  void Update(const SplitProgress& p) {
    if (p.finished) {
      ClearProgress();
      return;
    }
    Clock::time_point now = Clock::now();
    auto interval = terminal_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(1000);
    // A new pass is news once the run has taken long enough to show anything.
    bool new_pass = p.pass != pass_ && now - start_ >= interval;
    if (now - last_ < interval && !new_pass) return;
    last_ = now;
    pass_ = p.pass;
    std::string text =
        "vcsplit: " + FormatProgress(p, std::chrono::duration<double>(now - start_).count());
    if (terminal_) {
      size_t width = text.size();
      if (width < g_drawn) text.append(g_drawn - width, ' ');
      static_cast<void>(std::fprintf(stderr, "\r%s\r", text.c_str()));
      // Leave the cursor at the start, so that an error message overwrites.
      g_drawn = width;
    } else {
      static_cast<void>(std::fprintf(stderr, "%s\n", text.c_str()));
    }
    static_cast<void>(std::fflush(stderr));
  }

 private:
  bool terminal_;
  Clock::time_point start_;
  Clock::time_point last_;
  int pass_ = 1;
};

}  // namespace

void ClearProgress() {
  if (g_drawn == 0) return;
  // Nothing can be done about a failed write to stderr.
  static_cast<void>(std::fprintf(stderr, "\r%s\r", std::string(g_drawn, ' ').c_str()));
  static_cast<void>(std::fflush(stderr));
  g_drawn = 0;
}

std::function<void(const SplitProgress&)> MakeProgress(const std::string& mode, bool quiet) {
  bool terminal = ::isatty(2) == 1;
  if (quiet || mode == "never" || (mode == "auto" && !terminal)) return {};
  auto line = std::make_shared<ProgressLine>(terminal);
  return [line](const SplitProgress& p) { line->Update(p); };
}

}  // namespace vcsplit::cli
