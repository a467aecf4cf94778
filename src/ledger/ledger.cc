// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "ledger/ledger.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "csv/csv.h"
#include "io/sha256.h"
#include "io/source.h"
#include "util/text.h"
#include "vcsplit/error.h"

namespace vcsplit {

namespace {

struct Alias {
  const char* word;
  Status status;
};

const Alias kStatusWords[] = {
    {"given", Status::kGiven},
    {"granted", Status::kGiven},
    {"erteilt", Status::kGiven},
    {"ja", Status::kGiven},
    {"yes", Status::kGiven},
    {"refused", Status::kRefused},
    {"abgelehnt", Status::kRefused},
    {"nein", Status::kRefused},
    {"no", Status::kRefused},
    {"withdrawn", Status::kWithdrawn},
    {"widerrufen", Status::kWithdrawn},
    {"revoked", Status::kRevoked},
    {"beendet", Status::kRevoked},
    {"expired", Status::kExpired},
    {"abgelaufen", Status::kExpired},
    {"requested", Status::kRequested},
    {"angefragt", Status::kRequested},
    {"void", Status::kVoid},
    {"storno", Status::kVoid},
};

struct ColumnAlias {
  const char* name;
  Column column;
};

const ColumnAlias kColumnNames[] = {
    {"timestamp", kColTimestamp},
    {"zeitpunkt", kColTimestamp},
    {"datum", kColTimestamp},
    {"status", kColStatus},
    {"phone", kColPhone},
    {"telefon", kColPhone},
    {"email", kColEmail},
    {"e-mail", kColEmail},
    {"uid", kColUid},
    {"purpose", kColPurpose},
    {"zweck", kColPurpose},
    {"method", kColMethod},
    {"methode", kColMethod},
    {"notice", kColNotice},
    {"hinweis", kColNotice},
    {"evidence", kColEvidence},
    {"nachweis", kColEvidence},
    {"actor", kColActor},
    {"erfasst_von", kColActor},
    {"expires", kColExpires},
    {"gueltig_bis", kColExpires},
    {"gültig_bis", kColExpires},
    {"id", kColId},
    {"ref", kColRef},
    {"bezug", kColRef},
    {"name", kColName},
    {"note", kColNote},
    {"notiz", kColNote},
    {"hash", kColHash},
};

const char* const kMethods[] = {"written", "email",     "web",    "messenger",
                                "phone",   "in-person", "import", "other"};

bool LooksLikeJsonLines(const std::string& path, std::string_view data) {
  if (path.size() >= 6 &&
      EqualsIgnoreCase(std::string_view(path).substr(path.size() - 6), ".jsonl")) {
    return true;
  }
  std::string_view t = Trim(data);
  return !t.empty() && t.front() == '{';
}

bool ReadCsvRows(const std::string& path, std::string_view data, Reporter* reporter,
                 const RowSink& sink, LedgerLayout* layout) {
  size_t eol = data.find_first_of("\r\n");
  char delim = DetectDelimiter(data.substr(0, eol), ",;");
  layout->delimiter = delim;
  if (eol != std::string_view::npos) {
    layout->eol = data.compare(eol, 2, "\r\n") == 0 ? "\r\n" : data.substr(eol, 1);
  }
  InputBuffer in(data);
  CsvScanner parser(&in, CsvEncoding::kUtf8, delim);
  CsvRecord rec;
  if (!parser.Next(&rec) || IsEmptyRecord(rec)) {
    reporter->Error(path, 1, "ledger has no header line");
    return false;
  }
  layout->header_begin = rec.begin;
  layout->header_end = rec.end;
  std::vector<int> mapping;  // field index -> column, -1 for ignored
  std::set<int> seen;
  for (const std::string& h : rec.fields) {
    std::optional<Column> c = ParseColumn(h);
    if (!c) {
      if (!Trim(h).empty()) {
        reporter->Warn(path, rec.line, fmt::format("unknown column '{}' ignored", Trim(h)));
      }
      mapping.push_back(-1);
      continue;
    }
    if (!seen.insert(*c).second) {
      reporter->Error(path, rec.line, fmt::format("column '{}' appears twice", ColumnName(*c)));
      return false;
    }
    mapping.push_back(*c);
  }
  layout->columns = mapping;
  bool ok = true;
  for (Column required : {kColTimestamp, kColStatus}) {
    if (!seen.count(required)) {
      reporter->Error(path, rec.line,
                      fmt::format("missing required column '{}'", ColumnName(required)));
      ok = false;
    }
  }
  if (!seen.count(kColPhone) && !seen.count(kColEmail) && !seen.count(kColUid)) {
    reporter->Error(path, rec.line, "missing key column: need 'phone', 'email' or 'uid'");
    ok = false;
  }
  if (!ok) return false;
  LedgerRow row;
  row.file = path;
  while (parser.Next(&rec)) {
    if (rec.unterminated) {
      reporter->Error(path, rec.line, "unterminated quoted field");
      return false;
    }
    if (IsEmptyRecord(rec)) continue;
    if (rec.fields.size() > mapping.size()) {
      bool extra_empty = true;
      for (size_t i = mapping.size(); i < rec.fields.size(); ++i) {
        extra_empty = extra_empty && Trim(rec.fields[i]).empty();
      }
      if (!extra_empty) {
        reporter->Warn(path, rec.line, "more fields than columns; extra fields ignored");
      }
    }
    row.line = rec.line;
    row.begin = rec.begin;
    row.end = rec.end;
    for (std::string& f : row.fields) f.clear();
    for (size_t i = 0; i < rec.fields.size() && i < mapping.size(); ++i) {
      if (mapping[i] >= 0) row.fields[static_cast<size_t>(mapping[i])] = Trim(rec.fields[i]);
    }
    sink(row);
  }
  return true;
}

bool ReadJsonRows(const std::string& path, std::string_view data, Reporter* reporter,
                  const RowSink& sink, LedgerLayout* layout) {
  layout->jsonl = true;
  size_t first_eol = data.find('\n');
  if (first_eol != std::string_view::npos && first_eol > 0 && data[first_eol - 1] == '\r') {
    layout->eol = "\r\n";
  }
  bool ok = true;
  uint64_t line_no = 0;
  std::set<std::string> warned;
  LedgerRow row;
  row.file = path;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t eol = data.find('\n', pos);
    std::string_view line =
        data.substr(pos, eol == std::string_view::npos ? data.size() - pos : eol - pos);
    row.begin = pos;
    pos = eol == std::string_view::npos ? data.size() : eol + 1;
    row.end = pos;
    ++line_no;
    if (Trim(line).empty()) continue;
    nlohmann::json obj = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (obj.is_discarded() || !obj.is_object()) {
      reporter->Error(path, line_no, "not a JSON object");
      ok = false;
      continue;
    }
    row.line = line_no;
    for (std::string& f : row.fields) f.clear();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      std::optional<Column> c = ParseColumn(it.key());
      if (!c) {
        if (warned.insert(it.key()).second) {
          reporter->Warn(path, line_no, fmt::format("unknown field '{}' ignored", it.key()));
        }
        continue;
      }
      const nlohmann::json& v = it.value();
      std::string text;
      if (v.is_string()) {
        text = v.get<std::string>();
      } else if (v.is_number_integer() || v.is_number_unsigned()) {
        text = v.dump();
      } else if (v.is_null()) {
        text.clear();
      } else {
        reporter->Error(path, line_no, fmt::format("field '{}' is not a string", it.key()));
        ok = false;
        continue;
      }
      row.fields[static_cast<size_t>(*c)] = std::string(Trim(text));
    }
    sink(row);
  }
  return ok;
}

std::string NormalizePurpose(std::string_view p) {
  std::string v = Utf8Lower(Trim(p));
  return v == "*" ? std::string() : v;
}

State StateOf(Status s) {
  switch (s) {
    case Status::kGiven:
      return State::kGiven;
    case Status::kRefused:
      return State::kRefused;
    case Status::kWithdrawn:
      return State::kWithdrawn;
    case Status::kRevoked:
      return State::kRevoked;
    case Status::kExpired:
      return State::kExpired;
    default:
      return State::kNoEntry;
  }
}

}  // namespace

// Several values in one cell: "+49 171 1, +49 171 2".
std::vector<std::string> SplitCellValues(std::string_view cell) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= cell.size(); ++i) {
    if (i == cell.size() || cell[i] == ',' || cell[i] == ';' || cell[i] == '|') {
      std::string_view v = Trim(cell.substr(start, i - start));
      if (!v.empty()) out.emplace_back(v);
      start = i + 1;
    }
  }
  return out;
}

std::optional<Status> ParseStatus(std::string_view word) {
  std::string w = Utf8Lower(Trim(word));
  for (const Alias& a : kStatusWords) {
    if (w == a.word) return a.status;
  }
  return std::nullopt;
}

const char* StatusName(Status s) {
  switch (s) {
    case Status::kGiven:
      return "given";
    case Status::kRefused:
      return "refused";
    case Status::kWithdrawn:
      return "withdrawn";
    case Status::kRevoked:
      return "revoked";
    case Status::kExpired:
      return "expired";
    case Status::kRequested:
      return "requested";
    case Status::kVoid:
      return "void";
  }
  return "?";
}

bool IsNegative(Status s) {
  return s == Status::kRefused || s == Status::kWithdrawn || s == Status::kRevoked ||
         s == Status::kExpired;
}

const char* StateName(State s) {
  switch (s) {
    case State::kNoEntry:
      return "no-entry";
    case State::kGiven:
      return "given";
    case State::kRefused:
      return "refused";
    case State::kWithdrawn:
      return "withdrawn";
    case State::kRevoked:
      return "revoked";
    case State::kExpired:
      return "expired";
  }
  return "?";
}

const char* ColumnName(Column c) {
  static const char* const kNames[] = {
      "timestamp", "status", "phone",   "email", "uid", "purpose", "method", "notice",
      "evidence",  "actor",  "expires", "id",    "ref", "name",    "note",   "hash"};
  return c >= 0 && c < kColumnCount ? kNames[c] : "?";
}

std::optional<Column> ParseColumn(std::string_view header) {
  std::string h = Utf8Lower(Trim(header));
  if (h.size() >= 3 && h.compare(0, 3, "\xEF\xBB\xBF") == 0) h.erase(0, 3);
  for (const ColumnAlias& a : kColumnNames) {
    if (h == a.name) return a.column;
  }
  return std::nullopt;
}

bool LedgerLayout::HasColumn(Column c) const {
  return jsonl || std::find(columns.begin(), columns.end(), c) != columns.end();
}

bool ReadLedgerRows(const std::string& path, Reporter* reporter, const RowSink& sink,
                    LedgerLayout* layout, std::string* data_out, std::string* sha256) {
  std::string data = ReadWholeFile(path, path);
  if (sha256) *sha256 = Sha256::Of(data);
  LedgerLayout local;
  if (!layout) layout = &local;
  *layout = LedgerLayout();
  if (data.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    layout->bom = true;
    data.erase(0, 3);
  }
  bool ok = LooksLikeJsonLines(path, data) ? ReadJsonRows(path, data, reporter, sink, layout)
                                           : ReadCsvRows(path, data, reporter, sink, layout);
  if (data_out) *data_out = std::move(data);
  return ok;
}

bool Ledger::Load(const std::vector<std::string>& paths, const LedgerOptions& options,
                  PhoneNormalizer* phones, Reporter* outer) {
  CountingReporter reporter(outer);
  options_ = options;
  phones_ = phones;
  events_.clear();
  ids_.clear();
  index_.clear();

  paths_ = paths;
  sha256_.assign(paths_.size(), std::string());
  bool structure_ok = true;
  for (uint32_t file = 0; file < paths_.size(); ++file) {
    RegionCheck region;
    region_check_ = &region;
    structure_ok =
        ReadLedgerRows(
            paths_[file], &reporter, [&](const LedgerRow& row) { AddRow(row, file, &reporter); },
            nullptr, nullptr, &sha256_[file]) &&
        structure_ok;
    region_check_ = nullptr;
    std::string warning = region.Warning(phones_->region());
    if (!warning.empty()) reporter.Warn(paths_[file], 0, warning);
  }
  if (!structure_ok) return false;
  Finish(&reporter);
  warnings_ = reporter.warnings();
  return reporter.errors() == 0;
}

void Ledger::AddRow(const LedgerRow& row, uint32_t file, Reporter* reporter_ptr) {
  Reporter& reporter = *reporter_ptr;
  const auto& f = row.fields;
  if (f[kColStatus].empty()) return;  // pending: a template row, not an event
  auto warn = [&](const std::string& m) { reporter.Warn(row.file, row.line, m); };
  std::optional<Status> status = ParseStatus(f[kColStatus]);
  if (!status) {
    std::vector<std::string> words;
    for (const Alias& a : kStatusWords) words.emplace_back(a.word);
    reporter.Error(row.file, row.line,
                   "unknown status word " + QuoteWithSuggestion(f[kColStatus], words));
    return;
  }
  Event e;
  e.file = file;
  e.line = row.line;
  e.status = *status;
  e.purpose = NormalizePurpose(f[kColPurpose]);
  bool given = e.status == Status::kGiven;
  // Every event pushed below gets its id and ref at the same index.
  ids_.emplace_back(f[kColId], f[kColRef]);

  if (e.status == Status::kVoid) {
    if (f[kColRef].empty()) reporter.Error(row.file, row.line, "void row without ref");
    events_.push_back(std::move(e));
    return;
  }

  e.at = ParseTimestamp(f[kColTimestamp]);
  if (!e.at) {
    if (given) {
      e.dropped = "timestamp cannot be read";
      warn("timestamp cannot be read; given row ignored");
    } else if (IsNegative(e.status)) {
      warn("timestamp cannot be read; the row's keys count as refused at any time");
    }
  }
  if (!f[kColExpires].empty()) {
    e.expires = ParseTimestamp(f[kColExpires]);
    if (!e.expires && given && e.dropped.empty()) {
      e.dropped = "expiry date cannot be read";
      warn("expiry date cannot be read; given row ignored");
    }
  }
  if (!f[kColMethod].empty()) {
    std::string m = Utf8Lower(f[kColMethod]);
    if (std::find(std::begin(kMethods), std::end(kMethods), m) == std::end(kMethods)) {
      warn("unknown method word " +
           QuoteWithSuggestion(f[kColMethod], {std::begin(kMethods), std::end(kMethods)}));
    }
  }
  for (const std::string& p : SplitCellValues(f[kColPhone])) {
    std::optional<std::string> e164 = phones_->ToE164(p);
    if (e164) {
      if (region_check_) region_check_->Add(p, *e164);
      e.keys.push_back({KeyType::kPhone, *e164});
    } else if (given) {
      if (e.dropped.empty()) {
        e.dropped = "phone number cannot be parsed";
        warn("phone number cannot be parsed; given row ignored");
      }
    } else {
      warn("phone number cannot be parsed; not used as a key");
    }
  }
  for (const std::string& m : SplitCellValues(f[kColEmail])) {
    e.keys.push_back({KeyType::kEmail, NormalizeEmail(m)});
  }
  if (!f[kColUid].empty()) e.keys.push_back({KeyType::kUid, NormalizeUid(f[kColUid])});
  if (e.keys.empty() && e.dropped.empty()) {
    e.dropped = "no key";
    warn("row has no phone, email or uid; ignored");
  }
  events_.push_back(std::move(e));
}

void Ledger::Finish(Reporter* reporter_ptr) {
  Reporter& reporter = *reporter_ptr;
  const LedgerOptions& options = options_;
  // Purpose (§4.3 step 3).
  std::set<std::string> purposes;
  for (const Event& e : events_) {
    if (!e.purpose.empty()) purposes.insert(e.purpose);
  }
  single_purpose_ = purposes.size() <= 1;
  if (options.purpose) {
    purpose_ = NormalizePurpose(*options.purpose);
  } else if (purposes.size() >= 2 && !options.lint) {
    std::string list;
    for (const std::string& p : purposes) list += (list.empty() ? "" : ", ") + p;
    ThrowUsage(
        fmt::format("the ledger names several purposes ({}); choose one with --purpose", list));
  } else if (!purposes.empty()) {
    purpose_ = *purposes.begin();
  }

  // Voids (§4.3 step 1): each cancels exactly one row that is not a void.
  std::unordered_map<std::string_view, std::vector<size_t>> by_id;
  for (size_t i = 0; i < events_.size(); ++i) {
    if (!ids_[i].first.empty()) by_id[ids_[i].first].push_back(i);
  }
  for (size_t i = 0; i < events_.size(); ++i) {  // in file order, for stable messages
    const Event& e = events_[i];
    if (ids_[i].first.empty()) continue;
    const std::vector<size_t>& list = by_id[ids_[i].first];
    if (list.front() != i) {
      reporter.Warn(paths_[e.file], e.line,
                    fmt::format("duplicate id (first at line {})", events_[list.front()].line));
    }
  }
  for (size_t i = 0; i < events_.size(); ++i) {
    Event& v = events_[i];
    const std::string& ref = ids_[i].second;
    if (v.status != Status::kVoid || ref.empty()) continue;
    auto it = by_id.find(ref);
    if (it == by_id.end()) {
      reporter.Error(paths_[v.file], v.line, "void refers to an id that names no row");
      continue;
    }
    if (it->second.size() > 1) {
      reporter.Error(paths_[v.file], v.line, "void refers to an id that names several rows");
      continue;
    }
    Event& target = events_[it->second[0]];
    if (target.status == Status::kVoid) {
      reporter.Error(paths_[v.file], v.line, "void refers to another void row");
      continue;
    }
    target.dropped = fmt::format("cancelled by the void row at line {}", v.line);
    v.dropped = "void row";
  }

  for (Event& e : events_) {
    if (!e.dropped.empty() || e.status == Status::kVoid) continue;
    if (e.status == Status::kRequested) {
      e.dropped = "requested rows do not change the state";
      continue;
    }
    if (e.at && e.at->instant > options.as_of) {
      e.dropped = "dated after the evaluation time";
      reporter.Warn(paths_[e.file], e.line, "row dated after the evaluation time; ignored");
      continue;
    }
    if (e.status == Status::kGiven && e.purpose.empty() && !single_purpose_) {
      e.dropped = "given without a purpose in a ledger with several purposes";
      reporter.Warn(paths_[e.file], e.line,
                    "given without a purpose in a ledger with several purposes; ignored");
      continue;
    }
  }

  by_id.clear();
  std::vector<std::pair<std::string, std::string>>().swap(ids_);

  index_.reserve(events_.size());
  for (size_t i = 0; i < events_.size(); ++i) {
    for (const Key& k : events_[i].keys) {
      std::vector<size_t>& list = index_[k].events;
      if (list.empty() || list.back() != i) list.push_back(i);
    }
    std::vector<Key>().swap(events_[i].keys);
  }
}

bool Ledger::Applies(const Event& e) const {
  if (e.status == Status::kGiven) {
    return e.purpose == purpose_ || (e.purpose.empty() && single_purpose_);
  }
  return e.purpose.empty() || e.purpose == purpose_;
}

std::vector<Key> Ledger::Keys() const {
  std::vector<Key> keys;
  keys.reserve(index_.size());
  for (const auto& [key, entry] : index_) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<const Event*> Ledger::EventsFor(const Key& key) const {
  std::vector<const Event*> out;
  auto it = index_.find(key);
  if (it == index_.end()) return out;
  for (size_t i : it->second.events) out.push_back(&events_[i]);
  return out;
}

Evaluation Ledger::Evaluate(const Key& key) const {
  // Keys the ledger does not mention are answered without memoising them,
  // so memory stays bounded by the ledger, not by the input.
  auto it = index_.find(key);
  if (it == index_.end()) return Evaluation{};
  if (!it->second.memo) it->second.memo = EvaluateImpl(key, nullptr);
  return *it->second.memo;
}

Evaluation Ledger::Explain(const Key& key, std::vector<ExplainedEvent>* trail) const {
  trail->clear();
  Evaluation result = EvaluateImpl(key, trail);
  std::stable_sort(trail->begin(), trail->end(),
                   [](const ExplainedEvent& a, const ExplainedEvent& b) {
                     bool ta = a.event->at.has_value(), tb = b.event->at.has_value();
                     if (ta != tb) return ta;
                     return ta && a.event->at->instant < b.event->at->instant;
                   });
  return result;
}

Evaluation Ledger::EvaluateImpl(const Key& key, std::vector<ExplainedEvent>* trail) const {
  std::unordered_map<const Event*, std::string> notes;
  auto note = [&](const Event* e, std::string text) {
    if (trail) notes[e] = std::move(text);
  };
  auto finish = [&](Evaluation r) {
    if (trail) {
      for (const Event* e : EventsFor(key)) trail->push_back({e, notes[e]});
    }
    return r;
  };

  Evaluation result;
  std::vector<const Event*> live;
  const Event* unreadable_negative = nullptr;
  for (const Event* e : EventsFor(key)) {
    if (!e->dropped.empty()) {
      note(e, "ignored: " + e->dropped);
    } else if (!Applies(*e)) {
      note(e, "ignored: purpose does not apply");
    } else if (!e->at) {
      note(e, "timestamp cannot be read: counts as refused at any time");
      if (!unreadable_negative) unreadable_negative = e;
    } else {
      live.push_back(e);
    }
  }
  if (unreadable_negative) {
    // A negative row whose time cannot be read: refused at any time.
    result.state = State::kRefused;
    result.deciding = unreadable_negative;
    for (const Event* e : live) note(e, "overruled by a row whose timestamp cannot be read");
    return finish(result);
  }
  if (live.empty()) return finish(result);

  int32_t latest_date = 0;
  for (const Event* e : live) latest_date = std::max(latest_date, e->at->local_date);
  bool any_date_only = false;
  int64_t latest_instant = INT64_MIN;
  for (const Event* e : live) {
    if (e->at->local_date != latest_date) continue;
    any_date_only = any_date_only || e->at->date_only;
    latest_instant = std::max(latest_instant, e->at->instant);
  }
  std::vector<const Event*> tied;
  for (const Event* e : live) {
    if (e->at->local_date != latest_date) {
      note(e, "superseded by a later date");
    } else if (!any_date_only && e->at->instant != latest_instant) {
      note(e, "superseded later that day");
    } else {
      tied.push_back(e);
    }
  }
  const Event* best_negative = nullptr;
  for (const Event* e : tied) {
    if (IsNegative(e->status) &&
        (!best_negative || NegativePrecedence(StateOf(e->status)) <
                               NegativePrecedence(StateOf(best_negative->status)))) {
      best_negative = e;
    }
  }
  if (best_negative) {
    result.state = StateOf(best_negative->status);
    result.deciding = best_negative;
    for (const Event* e : tied) {
      note(e, e == best_negative            ? "decides"
              : e->status == Status::kGiven ? "tied; a negative row wins"
                                            : "tied; a stronger negative row wins");
    }
    return finish(result);
  }
  result.state = State::kGiven;
  result.deciding = tied.front();
  for (const Event* e : tied) note(e, tied.size() > 1 ? "tied given" : "decides");
  for (const Event* e : tied) {
    if (e->expires &&
        options_.as_of >= EndOfDayOrInstant(*e->expires) + (e->expires->date_only ? 1 : 0)) {
      result.state = State::kExpired;
      result.deciding = e;
      note(e, "decides: expired on " + e->expires->canonical);
      break;
    }
    if (options_.max_age && options_.as_of > AddDuration(e->at->instant, *options_.max_age)) {
      result.state = State::kExpired;
      result.deciding = e;
      note(e, "decides: older than --max-age");
      break;
    }
  }
  if (result.state == State::kGiven && tied.size() > 1) note(result.deciding, "decides");
  return finish(result);
}

LedgerOptions MakeLedgerOptions(const std::optional<std::string>& purpose,
                                const std::optional<std::string>& as_of,
                                const std::optional<std::string>& max_age) {
  LedgerOptions options;
  options.purpose = purpose;
  options.as_of = static_cast<int64_t>(std::time(nullptr));
  if (as_of) {
    std::optional<Timestamp> t = ParseTimestamp(*as_of);
    if (!t) ThrowUsage(fmt::format("--as-of: cannot read time '{}'", *as_of));
    options.as_of = EndOfDayOrInstant(*t);  // a date-only --as-of means the end of that day
  }
  if (max_age) {
    options.max_age = ParseDuration(*max_age);
    if (!options.max_age) {
      ThrowUsage(
          fmt::format("--max-age: cannot read duration '{}' (use e.g. 730d, 24m, 2y)", *max_age));
    }
  }
  return options;
}

LedgerSummary Ledger::Summarize(uint32_t file) const {
  LedgerSummary summary;
  std::set<std::string> purposes;
  for (const Event& e : events_) {
    if (e.file != file) continue;
    ++summary.events;
    if (!e.purpose.empty()) purposes.insert(e.purpose);
    if (!e.at) continue;
    std::string date = e.at->canonical.substr(0, 10);
    if (summary.first.empty() || date < summary.first) summary.first = date;
    if (summary.last.empty() || date > summary.last) summary.last = date;
  }
  summary.purposes.assign(purposes.begin(), purposes.end());
  return summary;
}

int NegativePrecedence(State s) {
  switch (s) {
    case State::kWithdrawn:
      return 0;
    case State::kRevoked:
      return 1;
    case State::kRefused:
      return 2;
    case State::kExpired:
      return 3;
    default:
      return -1;
  }
}

}  // namespace vcsplit
