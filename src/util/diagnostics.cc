// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "vcsplit/diagnostics.h"

#include <algorithm>

#include <fmt/format.h>

namespace vcsplit {

std::string FormatDiagnostic(const Diagnostic& d) {
  if (d.line == 0) return fmt::format("{}: {}", d.file, d.message);
  return fmt::format("{}:{}: {}", d.file, d.line, d.message);
}

void CountingReporter::Report(const Diagnostic& d) {
  if (d.severity == Severity::kError) ++errors_;
  if (d.severity == Severity::kWarning) {
    ++warnings_;
    if (kept_) kept_->push_back(d);
  }
  next_->Report(d);
}

size_t CollectingReporter::CountErrors() const {
  return static_cast<size_t>(
      std::count_if(diagnostics_.begin(), diagnostics_.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

size_t CollectingReporter::CountWarnings() const { return diagnostics_.size() - CountErrors(); }

}  // namespace vcsplit
