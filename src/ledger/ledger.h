// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The consent ledger (SPEC §4): an append-only log of consent events in CSV
// or JSON Lines. A Ledger is loaded once per run for one purpose, one
// evaluation time and one region; afterwards Evaluate() answers, for any key,
// the state of §4.3. The split and `ledger explain` both use Evaluate(), so
// there is exactly one implementation of the rules.

#ifndef VCSPLIT_LEDGER_H_
#define VCSPLIT_LEDGER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/timeparse.h"
#include "phone/keys.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

enum class Status { kGiven, kRefused, kWithdrawn, kRevoked, kExpired, kRequested, kVoid };

// Status words and their German and English aliases, case-insensitive
// (SPEC §4.2). nullopt for an unknown word.
std::optional<Status> ParseStatus(std::string_view word);
const char* StatusName(Status s);
bool IsNegative(Status s);  // refused, withdrawn, revoked, expired

// The state of a key at the evaluation time (SPEC §4.3).
enum class State { kNoEntry, kGiven, kRefused, kWithdrawn, kRevoked, kExpired };
const char* StateName(State s);
// The order among negative states, of SPEC §4.3 step 4 (ties) and §4.4
// ("the first of these that occurs"): withdrawn, revoked, refused, expired.
// Lower comes first; -1 for a state that is not negative.
int NegativePrecedence(State s);

// Columns in the order of SPEC §4.1 (which is also the order of the
// canonical form of §4.5).
enum Column : int {
  kColTimestamp,
  kColStatus,
  kColPhone,
  kColEmail,
  kColUid,
  kColPurpose,
  kColMethod,
  kColNotice,
  kColEvidence,
  kColActor,
  kColExpires,
  kColId,
  kColRef,
  kColName,
  kColNote,
  kColHash,
  kColumnCount
};
const char* ColumnName(Column c);
// Canonical or alias header name (`zeitpunkt`, `gültig_bis`, ...) to column;
// nullopt for an unknown name.
std::optional<Column> ParseColumn(std::string_view header);

// One row as written, fields trimmed.
struct LedgerRow {
  std::string file;
  uint64_t line = 0;
  std::array<std::string, kColumnCount> fields;
  size_t begin = 0;  // byte span of the row in the file's data (after a BOM)
  size_t end = 0;    // including its line break
};

// How a ledger file is written, so that tools can append to it or rewrite it
// in its own style.
struct LedgerLayout {
  bool jsonl = false;
  char delimiter = ',';
  bool bom = false;
  std::string eol = "\n";    // line break of the header (JSON Lines: of the first line)
  std::vector<int> columns;  // CSV: the Column of each header field, -1 if unknown
  size_t header_begin = 0;   // CSV: byte span of the header line (after a BOM)
  size_t header_end = 0;
  bool HasColumn(Column c) const;
};

// Reads the rows of one ledger file, CSV (`,` or `;`, UTF-8 with or without
// BOM) or JSON Lines (`.jsonl`, or a first non-blank byte `{`), and passes
// each to `sink` as it is read (the row is reused afterwards). Reports
// unknown columns as warnings and unreadable structure (no header, missing
// required column, bad JSON) as errors; returns false when there were errors.
// Throws FatalError when the file cannot be read.
// `data` receives the file's bytes after a BOM, `layout` how it is
// written and `sha256` the hash of all its bytes as read, when given.
using RowSink = std::function<void(const LedgerRow&)>;
bool ReadLedgerRows(const std::string& path, Reporter* reporter, const RowSink& sink,
                    LedgerLayout* layout = nullptr, std::string* data = nullptr,
                    std::string* sha256 = nullptr);

struct Event {
  uint32_t file = 0;  // index into the paths given to Ledger::Load
  uint64_t line = 0;
  Status status = Status::kGiven;
  std::optional<Timestamp> at;       // nullopt: the timestamp cannot be read
  std::optional<Timestamp> expires;  // nullopt: none given
  std::vector<Key> keys;             // emptied once the ledger's key index holds them
  std::string purpose;               // trimmed, lower-cased; empty for none or `*`
  // Why the event takes no part in evaluation: empty when it does.
  // ("cancelled by a void row", "dated after the evaluation time", ...)
  std::string dropped;
};

struct LedgerOptions {
  std::optional<std::string> purpose;  // --purpose
  int64_t as_of = 0;                   // evaluation time T
  std::optional<Duration> max_age;     // --max-age
  // `ledger lint`: several purposes without `purpose` are not an error;
  // every given without a purpose is reported instead.
  bool lint = false;
};

// The evaluation options of a command line (SPEC §4.3): --purpose, --as-of
// (now when unset; a date-only value means the end of that day) and
// --max-age. Throws FatalError(kExitUsage) for a value it cannot read, with
// one wording for every command.
LedgerOptions MakeLedgerOptions(const std::optional<std::string>& purpose,
                                const std::optional<std::string>& as_of,
                                const std::optional<std::string>& max_age);

// What one ledger file holds, for --verbose: no keys, no names.
struct LedgerSummary {
  size_t events = 0;
  std::vector<std::string> purposes;  // sorted, lower-cased
  std::string first, last;            // dates (YYYY-MM-DD) of its readable rows
};

struct Evaluation {
  State state = State::kNoEntry;
  const Event* deciding = nullptr;  // the event that decided, if any
};

// One event of a key with what evaluation made of it ("decides",
// "ignored: cancelled by the void row at line 7", ...).
struct ExplainedEvent {
  const Event* event = nullptr;
  std::string note;
};

// Splits a ledger cell that lists several numbers or e-mails
// ("+49 171 1, +49 171 2"; `,` `;` or `|`), trimming each.
std::vector<std::string> SplitCellValues(std::string_view cell);

class Ledger {
 public:
  // Reads and checks all `paths` and merges their events. Row problems are
  // reported and handled fail-closed (SPEC §4.1); returns false when there
  // were errors, after which the ledger must not be used (exit 2). Throws
  // FatalError(kExitUsage) when a file cannot be read or when the ledger
  // names several purposes and options.purpose is not set.
  bool Load(const std::vector<std::string>& paths, const LedgerOptions& options,
            PhoneNormalizer* phones, Reporter* reporter);

  // The state of `key` at the evaluation time, for the ledger's purpose.
  Evaluation Evaluate(const Key& key) const;

  // The same evaluation, with a note for every event of the key, in
  // evaluation order (by time; unreadable times last).
  Evaluation Explain(const Key& key, std::vector<ExplainedEvent>* trail) const;

  // The events that mention `key`, in file order (for explanations).
  std::vector<const Event*> EventsFor(const Key& key) const;

  const std::string& purpose() const { return purpose_; }
  const std::string& FileOf(const Event& e) const { return paths_[e.file]; }
  // SHA-256 of each file, of exactly the bytes the events were read from:
  // each file is read once, whole, so the run uses one snapshot of it even
  // when it is changed while the run goes on.
  const std::vector<std::string>& sha256() const { return sha256_; }
  size_t event_count() const { return events_.size(); }
  // Every key the events name, sorted (for the fuzz check's exhaustive
  // comparison of Evaluate and Explain).
  std::vector<Key> Keys() const;
  size_t warning_count() const { return warnings_; }
  // What file `file` (an index into the paths given to Load) holds.
  LedgerSummary Summarize(uint32_t file) const;

 private:
  bool Applies(const Event& e) const;  // purpose rule of §4.3 step 3
  Evaluation EvaluateImpl(const Key& key, std::vector<ExplainedEvent>* trail) const;
  void AddRow(const LedgerRow& row, uint32_t file, Reporter* reporter);
  // Purpose, voids, future rows and the key index, once all rows are in.
  void Finish(Reporter* reporter);

  LedgerOptions options_;
  PhoneNormalizer* phones_ = nullptr;
  RegionCheck* region_check_ = nullptr;  // of the file being loaded
  std::vector<std::string> paths_;
  std::vector<std::string> sha256_;
  std::string purpose_;
  bool single_purpose_ = true;
  std::vector<Event> events_;
  // The id and ref of each event, needed only to resolve voids while
  // loading; released afterwards, like the events' keys.
  std::vector<std::pair<std::string, std::string>> ids_;
  // Per key: its events, and its evaluation once asked for (memoised in the
  // same entry, so a lookup costs one probe).
  struct KeyEntry {
    std::vector<size_t> events;
    mutable std::optional<Evaluation> memo;
  };
  std::unordered_map<Key, KeyEntry, KeyHash> index_;
  size_t warnings_ = 0;
};

}  // namespace vcsplit

#endif  // VCSPLIT_LEDGER_H_
