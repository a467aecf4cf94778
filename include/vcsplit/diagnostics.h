// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Per-record problems (a bad card, an unreadable ledger row) do not stop a run:
// readers report them to a Reporter and keep going. The CLI's reporter prints
// them as `vcsplit: file:line: message`; tests collect them.
//
// Messages never quote a value taken from a card or the ledger (a number, an
// e-mail, a name), so they can go into the run report unchanged (SPEC §5).

#ifndef VCSPLIT_DIAGNOSTICS_H_
#define VCSPLIT_DIAGNOSTICS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace vcsplit {

// kNote: information for the person at the terminal (a lock waited for, a
// stale one taken over); not a warning of the run and not in the report.
enum class Severity { kNote, kWarning, kError };

struct Diagnostic {
  Severity severity = Severity::kWarning;
  std::string file;   // display name; "<stdin>" for standard input
  uint64_t line = 0;  // 1-based; 0 when the problem is about the whole file
  std::string message;
};

// Formats `file:line: message` (or `file: message` when line is 0).
std::string FormatDiagnostic(const Diagnostic& d);

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Report(const Diagnostic& d) = 0;

  void Warn(const std::string& file, uint64_t line, std::string message) {
    Report({Severity::kWarning, file, line, std::move(message)});
  }
  void Note(const std::string& file, std::string message) {
    Report({Severity::kNote, file, 0, std::move(message)});
  }
  void Error(const std::string& file, uint64_t line, std::string message) {
    Report({Severity::kError, file, line, std::move(message)});
  }
};

// Keeps every diagnostic, in order. Used by tests and by the run report.
class CollectingReporter : public Reporter {
 public:
  void Report(const Diagnostic& d) override { diagnostics_.push_back(d); }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t CountErrors() const;
  size_t CountWarnings() const;
  void Clear() { diagnostics_.clear(); }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Passes every diagnostic on to `next`, counting errors and warnings, and
// keeping the warnings in `*warnings` when given (the run report lists them).
class CountingReporter : public Reporter {
 public:
  explicit CountingReporter(Reporter* next, std::vector<Diagnostic>* warnings = nullptr)
      : next_(next), kept_(warnings) {}
  void Report(const Diagnostic& d) override;
  size_t errors() const { return errors_; }
  size_t warnings() const { return warnings_; }

 private:
  Reporter* next_;
  std::vector<Diagnostic>* kept_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

// Discards everything (for a second pass over an input already reported on).
class NullReporter : public Reporter {
 public:
  void Report(const Diagnostic&) override {}
};

}  // namespace vcsplit

#endif  // VCSPLIT_DIAGNOSTICS_H_
