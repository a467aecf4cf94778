// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The `vcsplit ledger` tools: the tamper-evident hash chain (SPEC §4.5),
// sealing and verifying it, appending one event under a lock, and writing a
// template ledger from address books. Reading and evaluating events is
// ledger.h's job; these functions work on the file as written.

#ifndef VCSPLIT_LEDGER_TOOLS_H_
#define VCSPLIT_LEDGER_TOOLS_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "book/book.h"
#include "ledger/ledger.h"
#include "phone/keys.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

// canonical(row) of §4.5: the non-empty fields other than `hash`, as
// `name=value` joined by "\n" in the column order of §4.1, with phones in
// E.164, e-mails lower-cased, the status as its canonical word and
// timestamps in canonical form. Values that cannot be normalised are taken
// as written (trimmed).
std::string CanonicalRow(const LedgerRow& row, PhoneNormalizer* phones);

// hash(n) = hex SHA-256 of hash(n-1) + "\n" + canonical(row n).
std::string ChainHash(const std::string& previous, const std::string& canonical);
extern const char kZeroHash[];  // hash(0): 64 zeros

// Rows that take part in the chain: events, i.e. rows with a status. Pending
// template rows (empty status) are not events and are not sealed.
bool IsChainRow(const LedgerRow& row);

struct VerifyResult {
  bool sealed = false;    // the file has a hash column with at least one hash
  bool ok = false;        // every event row's hash matches, anchor found if given
  uint64_t bad_line = 0;  // first line that does not match (0 if none)
  std::string problem;    // what is wrong, for the message
  std::string last_hash;  // hash of the last sealed row
  size_t sealed_rows = 0;
};

// Recomputes the chain of `path`. `anchor`, when given, must be the hash of
// one of the rows (a hash kept outside the file earlier). Throws FatalError
// when the file cannot be read or parsed.
VerifyResult VerifyLedger(const std::string& path, const std::optional<std::string>& anchor,
                          PhoneNormalizer* phones);

// Fills the hash of every event row that lacks one, adding a `hash` column
// when there is none, and replaces the file atomically, keeping its owner,
// group and mode (a path that is a link: the file it points to is sealed,
// the link stays). Refuses (returns the
// failed verification, file untouched) when existing hashes do not verify.
// Returns the verification of the sealed file.
VerifyResult SealLedger(const std::string& path, PhoneNormalizer* phones);

struct NewEvent {
  std::string status;
  std::vector<std::string> phones, emails, uids;
  std::string purpose, method, notice, evidence, actor, expires, at, note, name, id, ref;
};

// Appends one event in canonical form (E.164 phones, lower-case e-mails,
// canonical status and times) to `path` under an exclusive lock, in the
// file's delimiter and line breaks, with the next numeric id when the file
// has an `id` column and none was given, and sealed when the file is sealed.
// Returns the line number of the new row. Throws FatalError(kExitUsage) for
// a bad value or a column the file lacks.
uint64_t AppendEvent(const std::string& path, const NewEvent& event, PhoneNormalizer* phones);

// Writes a template ledger with one pending row per contact of `books`,
// vCard or CSV, read as the split reads them (name, numbers in E.164,
// e-mails, UID, empty status). A contact without any key gets no row; one
// warning gives their count and the first. `german`: German headers, `;`
// and a BOM, as German spreadsheets expect. Returns the number of rows.
// Throws FatalError(kExitUsage) for a book that cannot be read.
size_t WriteLedgerTemplate(const std::vector<std::string>& books, const BookOptions& options,
                           bool german, PhoneNormalizer* phones, Reporter* reporter,
                           std::string* out);

}  // namespace vcsplit

#endif  // VCSPLIT_LEDGER_TOOLS_H_
