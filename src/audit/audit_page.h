// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The audit page (SPEC §2.7): run reports (§5) read back and rendered as one
// self-contained HTML page for the data-protection officer. The page loads
// nothing from anywhere (no scripts, fonts, images or style sheets; charts
// are inline SVG), prints on A4, and holds no personal data unless the
// reports carry per-card lines and the caller asks for them. It is also
// well-formed XML (numeric character references only, closed empty
// elements), so that any XML parser can check it.

#ifndef VCSPLIT_AUDIT_AUDIT_PAGE_H_
#define VCSPLIT_AUDIT_AUDIT_PAGE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vcsplit {

// One split or check run, as its report says.
struct RunRecord {
  struct Input {
    std::string path, format, sha256;
    int64_t cards = 0;
  };
  struct Book {
    std::string name;  // native, secondary, rejects
    std::string path, sha256;
    int64_t cards = 0;
  };
  struct Warning {
    std::string file, message;
    int64_t line = 0;
  };
  struct Card {
    std::string input, output, reason, matched_key;
    int64_t line = 0;
  };

  std::string file;  // the report's own path
  std::string version, command, started, as_of, purpose, region;
  std::vector<Input> inputs;
  std::vector<std::string> ledger_paths, ledger_sha256;
  // Per ledger file: the head of its hash chain, empty when not sealed.
  // Reports of versions before 0.2 do not say: `chain_recorded` is false.
  std::vector<std::string> chain_heads;
  bool chain_recorded = false;
  int64_t ledger_events = 0, ledger_warnings = 0;
  std::vector<Book> books;  // empty for check
  int64_t cards = 0, native = 0, secondary = 0, rejected = 0;
  std::vector<std::pair<std::string, int64_t>> reasons;  // in report order
  std::vector<Warning> warnings;
  bool has_cards = false;  // made with --report-cards: holds personal data
  std::vector<Card> card_list;

  // What orders runs in a history: the start (UTC) when recorded, else the
  // evaluation time.
  const std::string& When() const { return started.empty() ? as_of : started; }
};

// Reads the run report at `path`. Throws FatalError(kExitUsage) naming the
// file when it cannot be read, is a directory, is not JSON, or is not a
// vcsplit split or check report (other tools' JSON, a diff or publish
// report, counts that do not add up).
RunRecord ReadRunReport(const std::string& path);

enum class PageLanguage { kEnglish, kGerman };

struct PageOptions {
  PageLanguage language = PageLanguage::kEnglish;
  // Show the per-card lines of reports made with --report-cards. Without it
  // the page leaves them out and says that it did.
  bool include_cards = false;
};

// The page for `runs` (at least one), newest run first in the details, the
// history (several runs) in time order and per purpose: runs of different
// purposes are shown apart, never summed.
std::string RenderAuditPage(std::vector<RunRecord> runs, const PageOptions& options);

}  // namespace vcsplit

#endif  // VCSPLIT_AUDIT_AUDIT_PAGE_H_
