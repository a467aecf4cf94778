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

#include "ledger/key_index.h"
#include "ledger/timeparse.h"
#include "phone/keys.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

enum class Status : uint8_t { kGiven, kRefused, kWithdrawn, kRevoked, kExpired, kRequested, kVoid };

// Status words and their German and English aliases, case-insensitive
// (SPEC §4.2). nullopt for an unknown word.
std::optional<Status> ParseStatus(std::string_view word);
const char* StatusName(Status s);
bool IsNegative(Status s);  // refused, withdrawn, revoked, expired

// The state of a key at the evaluation time (SPEC §4.3).
enum class State : uint8_t { kNoEntry, kGiven, kRefused, kWithdrawn, kRevoked, kExpired };
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

// Why an event takes no part in evaluation.
enum class Drop : uint8_t {
  kNone,
  kTimeUnreadable,    // a given row whose timestamp cannot be read
  kExpiryUnreadable,  // a given row whose expiry cannot be read
  kPhoneUnparsable,   // a given row with a number that cannot be parsed
  kNoKey,             // no phone, e-mail or uid
  kCancelled,         // cancelled by a void row
  kVoidRow,           // a void row itself
  kRequested,         // requested rows do not change the state
  kFuture,            // dated after the evaluation time
  kNoPurpose,         // given without a purpose in a ledger with several purposes
};

// One row of the ledger, compactly: 24 bytes. Times are instants; their
// text is kept only for explanations (LedgerOptions::keep_text); the few
// expiry dates are kept beside the events (Ledger::ExpiresOf).
struct Event {
  int64_t at = 0;          // when has_at(): seconds since the epoch
  uint32_t line = 0;       // line of the row in its file
  int32_t local_date = 0;  // YYYYMMDD of `at` in local time
  uint16_t purpose = 0;    // an index into the ledger's purposes; 0: none or `*`
  uint16_t file = 0;       // index into the paths given to Ledger::Load
  Status status = Status::kGiven;
  Drop drop = Drop::kNone;
  uint8_t flags = 0;

  static constexpr uint8_t kHasAt = 1, kAtDateOnly = 2, kHasExpires = 4, kExpiresDateOnly = 8;
  bool has_at() const { return (flags & kHasAt) != 0; }  // false: the timestamp cannot be read
  bool at_date_only() const { return (flags & kAtDateOnly) != 0; }
  bool has_expires() const { return (flags & kHasExpires) != 0; }  // false: none given
  bool expires_date_only() const { return (flags & kExpiresDateOnly) != 0; }
};

struct LedgerOptions {
  std::optional<std::string> purpose;  // --purpose
  int64_t as_of = 0;                   // evaluation time T
  std::optional<Duration> max_age;     // --max-age
  // `ledger lint`: several purposes without `purpose` are not an error;
  // every given without a purpose is reported instead.
  bool lint = false;
  // Keep each row's times as written, for `ledger explain` (TimeText).
  bool keep_text = false;
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
  // The `hash` of its last event row that has one, as written (the head of
  // the hash chain of a sealed file; `ledger verify` checks it); empty when
  // the file is not sealed.
  std::string chain_head;
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
  // names several purposes and options.purpose is not set. Each file is read
  // once, as a stream: the run uses one snapshot of it even when it is
  // changed while the run goes on. Every key is evaluated here, once, so
  // that evaluation afterwards is a lookup (and safe from several threads).
  bool Load(const std::vector<std::string>& paths, const LedgerOptions& options,
            PhoneNormalizer* phones, Reporter* reporter);

  // The id of a key the ledger names, or KeyIndex::kNone.
  uint32_t Find(const Key& key) const { return keys_.Find(key); }
  uint32_t Find(KeyType type, std::string_view text) const { return keys_.Find(type, text); }
  // The state of key `id` at the evaluation time, for the ledger's purpose.
  State StateOf(uint32_t id) const { return states_[id]; }
  Key KeyOf(uint32_t id) const { return keys_.KeyOf(id); }
  uint32_t key_count() const { return keys_.size(); }

  // The state of `key` at the evaluation time, for the ledger's purpose.
  Evaluation Evaluate(const Key& key) const;

  // The same evaluation, with a note for every event of the key, in
  // evaluation order (by time; unreadable times last).
  Evaluation Explain(const Key& key, std::vector<ExplainedEvent>* trail) const;

  // The events that mention `key`, in file order (for explanations).
  std::vector<const Event*> EventsFor(const Key& key) const;

  // The purpose of the run (lower-cased; empty for none).
  const std::string& purpose() const { return purposes_[purpose_]; }
  const std::string& FileOf(const Event& e) const { return paths_[e.file]; }
  // The event's timestamp as written in canonical form (SPEC §4.5), or
  // "(unreadable time)". With keep_text unset, the local time instead.
  std::string TimeText(const Event& e) const;
  // SHA-256 of each file, of exactly the bytes the events were read from.
  const std::vector<std::string>& sha256() const { return sha256_; }
  size_t event_count() const { return events_.size(); }
  // Every key the events name, sorted (for the fuzz check's exhaustive
  // comparison of Evaluate and Explain).
  std::vector<Key> Keys() const;
  size_t warning_count() const { return warnings_; }
  // What file `file` (an index into the paths given to Load) holds.
  LedgerSummary Summarize(uint32_t file) const { return summaries_.at(file); }

 private:
  struct Loading;  // what is needed only while the files are read

  bool Applies(const Event& e) const;  // purpose rule of §4.3 step 3
  Evaluation EvaluateImpl(uint32_t key, std::vector<ExplainedEvent>* trail) const;
  std::string DropText(uint32_t event) const;
  // The instant from which the event's consent counts as expired.
  int64_t ExpiresOf(const Event& e) const;
  void AddRow(const LedgerRow& row, uint32_t file, Loading* loading, Reporter* reporter);
  // Purpose, voids, future rows, the key index and every key's state, once
  // all rows are in.
  void Finish(Loading* loading, Reporter* reporter);
  void ResolveVoids(Loading* loading, Reporter* reporter);
  void BuildIndex(Loading* loading);
  uint16_t InternPurpose(std::string_view normalized, Loading* loading);
  void Reserve(Loading* loading);  // room for what the files will likely hold

  LedgerOptions options_;
  PhoneNormalizer* phones_ = nullptr;
  std::vector<std::string> paths_;
  std::vector<std::string> sha256_;
  std::vector<LedgerSummary> summaries_;
  std::vector<std::string> purposes_{std::string()};  // [0]: none
  uint16_t purpose_ = 0;
  bool single_purpose_ = true;
  std::vector<Event> events_;
  // keep_text: each event's timestamp and expiry as written, canonical.
  std::vector<std::pair<std::string, std::string>> texts_;
  // (event, instant of expiry) of the events with an expiry, by event.
  std::vector<std::pair<uint32_t, int64_t>> expires_;
  // The void row that cancelled an event (Drop::kCancelled), by event.
  std::unordered_map<uint32_t, uint32_t> cancelled_by_;
  KeyIndex keys_;
  // The events of key i: event_ids_[event_starts_[i] .. event_starts_[i+1]).
  std::vector<uint32_t> event_starts_;
  std::vector<uint32_t> event_ids_;
  std::vector<State> states_;  // of each key, at load
  size_t warnings_ = 0;
};

}  // namespace vcsplit

#endif  // VCSPLIT_LEDGER_H_
