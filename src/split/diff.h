// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit diff OLD NEW` (SPEC §2.5): who left, who joined and who changed
// between two address books. A contact is identified by its UID, else by
// the set of its keys (§4.4), else by its name; two cards of one contact
// are compared by their content, not their bytes, so a card that was only
// re-folded, re-ordered or re-encoded (quoted-printable, CHARSET, 2.1 to
// 3.0, a number written another way) is unchanged.

#ifndef VCSPLIT_DIFF_H_
#define VCSPLIT_DIFF_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "book/book.h"
#include "csv/csv_columns.h"
#include "phone/keys.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

struct DiffOptions {
  std::string old_path;  // "-" is standard input (for one of the two)
  std::string new_path;
  BookOptions books;  // --input-format and the CSV key columns
  std::string region = "DE";
  std::optional<std::string> removed_path;  // --output-removed: the cards that left
};

struct DiffEntry {
  std::string identity;   // "uid:…", "phone:+49…" (keys joined by spaces), "name:…"
  std::string name;       // FN, else N; empty when the card has none
  uint64_t old_line = 0;  // 0: not in OLD
  uint64_t new_line = 0;  // 0: not in NEW
  std::vector<std::string> properties;  // changed: the properties whose values differ
};

struct DiffResult {
  std::string old_display, new_display;
  std::string old_format, new_format;  // "vcard" or "csv"
  uint64_t old_cards = 0, new_cards = 0, unchanged = 0;
  std::vector<DiffEntry> left;     // in OLD order
  std::vector<DiffEntry> joined;   // in NEW order
  std::vector<DiffEntry> changed;  // in NEW order
  bool differs() const { return !left.empty() || !joined.empty() || !changed.empty(); }
};

// Compares the books (of one format or two: a CSV record is then compared
// as its conversion to vCard). Throws FatalError: kExitUsage for unreadable
// input, kExitOutput when --output-removed cannot be
// written (then nothing is replaced).
DiffResult RunDiff(const DiffOptions& options, Reporter* reporter);

// The content of a vCard card as sorted canonical property lines
// ("NAME;PARAMS:value"): unfolded, decoded, 2.1 converted to 3.0, groups,
// ENCODING, CHARSET, VERSION, PRODID and REV left out, TYPE values sorted,
// numbers in E.164 where they parse, e-mails lower-cased.
std::vector<std::string> CanonicalVcard(const std::string& raw, PhoneNormalizer* phones);

// The same for a CSV record: "column=value" for every non-empty field,
// numbers and e-mails of key columns normalised.
std::vector<std::string> CanonicalCsvRecord(const CsvColumnMap& columns,
                                            const std::vector<std::string>& fields,
                                            PhoneNormalizer* phones);

// Who a card is, for matching it across books (and, in publish, for a UID
// that stays the same from run to run): "uid:…", else its keys (E.164
// numbers, e-mails) sorted and joined, else "name:…", else a hash of its
// `canonical` content.
std::string ContactIdentity(const Chunk& chunk, PhoneNormalizer* phones, const std::string& display,
                            Reporter* reporter, const std::vector<std::string>& canonical);

// Both as text (`file:line` lines) and JSON.
std::string RenderDiffText(const DiffResult& result);
std::string RenderDiffJson(const DiffResult& result);

}  // namespace vcsplit

#endif  // VCSPLIT_DIFF_H_
