// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "ledger/ledger.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <map>
#include <set>
#include <type_traits>

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

// Offset of the first byte at or after `from` that is not white space, or
// in->end() when there is none.
uint64_t FirstNonBlank(InputBuffer* in, uint64_t from) {
  for (uint64_t at = from;; ++at) {
    if (at == in->end() && !in->FillTo(at + 1)) return at;
    unsigned char c = in->At(at);
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v') return at;
  }
}

// Offset of the first CR or LF at or after `from` (within `limit` bytes),
// or the offset where the search stopped.
uint64_t FindLineBreak(InputBuffer* in, uint64_t from, uint64_t limit) {
  for (uint64_t at = from; at < from + limit; ++at) {
    if (at == in->end() && !in->FillTo(at + 1)) return at;
    unsigned char c = in->At(at);
    if (c == '\r' || c == '\n') return at;
  }
  return from + limit;
}

bool LooksLikeJsonLines(const std::string& path, InputBuffer* in, uint64_t start) {
  if (path.size() >= 6 &&
      EqualsIgnoreCase(std::string_view(path).substr(path.size() - 6), ".jsonl")) {
    return true;
  }
  uint64_t at = FirstNonBlank(in, start);
  return at < in->end() && in->At(at) == '{';
}

// The header line decides the delimiter; a header longer than this is
// not one a person wrote.
constexpr uint64_t kMaxHeaderScan = uint64_t{1} << 20;

// `base`: offset of the first byte after a BOM, which row offsets count from.
bool ReadCsvRows(const std::string& path, InputBuffer* in, uint64_t base, Reporter* reporter,
                 const RowSink& sink, LedgerLayout* layout) {
  uint64_t eol = FindLineBreak(in, base, kMaxHeaderScan);
  char delim = DetectDelimiter(in->View(base, eol), ",;");
  layout->delimiter = delim;
  if (eol < in->end() && (in->At(eol) == '\r' || in->At(eol) == '\n')) {
    bool crlf = in->At(eol) == '\r' && (eol + 1 < in->end() || in->FillTo(eol + 2)) &&
                in->At(eol + 1) == '\n';
    layout->eol = crlf ? "\r\n" : std::string(1, static_cast<char>(in->At(eol)));
  }
  CsvScanner parser(in, CsvEncoding::kUtf8, delim, base);
  CsvRecord rec;
  if (!parser.Next(&rec) || IsEmptyRecord(rec)) {
    reporter->Error(path, 1, "ledger has no header line");
    return false;
  }
  layout->header_begin = rec.begin - base;
  layout->header_end = rec.end - base;
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
    row.begin = rec.begin - base;
    row.end = rec.end - base;
    for (std::string& f : row.fields) f.clear();
    for (size_t i = 0; i < rec.fields.size() && i < mapping.size(); ++i) {
      if (mapping[i] >= 0) row.fields[static_cast<size_t>(mapping[i])] = Trim(rec.fields[i]);
    }
    sink(row);
  }
  return true;
}

bool ReadJsonRows(const std::string& path, InputBuffer* in, uint64_t base, Reporter* reporter,
                  const RowSink& sink, LedgerLayout* layout) {
  layout->jsonl = true;
  bool ok = true;
  uint64_t line_no = 0;
  std::set<std::string> warned;
  LedgerRow row;
  row.file = path;
  uint64_t pos = base;
  while (pos < in->end() || in->FillTo(pos + 1)) {
    // The line from `pos`, without its LF.
    uint64_t eol = pos;
    bool found = false;
    while (!found) {
      const char* from = in->Data(eol);
      const void* nl = std::memchr(from, '\n', static_cast<size_t>(in->end() - eol));
      if (nl) {
        eol += static_cast<uint64_t>(static_cast<const char*>(nl) - from);
        found = true;
      } else {
        eol = in->end();
        if (!in->FillTo(eol + InputBuffer::kBlockSize)) found = eol == in->end();
      }
    }
    if (line_no == 0 && eol < in->end() && eol > pos && in->At(eol - 1) == '\r') {
      layout->eol = "\r\n";
    }
    std::string_view line = in->View(pos, eol);
    row.begin = pos - base;
    pos = eol < in->end() ? eol + 1 : eol;
    row.end = pos - base;
    in->Release(pos);  // `line` stays valid until the next FillTo
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

State StateOfStatus(Status s) {
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

namespace {

bool ReadRows(const std::string& path, InputBuffer* in, Reporter* reporter, const RowSink& sink,
              LedgerLayout* layout) {
  uint64_t base = 0;
  if (in->FillTo(3) && in->View(0, 3) == "\xEF\xBB\xBF") {
    layout->bom = true;
    base = 3;
  }
  return LooksLikeJsonLines(path, in, base) ? ReadJsonRows(path, in, base, reporter, sink, layout)
                                            : ReadCsvRows(path, in, base, reporter, sink, layout);
}

}  // namespace

bool ReadLedgerRows(const std::string& path, Reporter* reporter, const RowSink& sink,
                    LedgerLayout* layout, std::string* data_out, std::string* sha256) {
  LedgerLayout local;
  if (!layout) layout = &local;
  *layout = LedgerLayout();
  if (data_out) {
    // The tools that rewrite a ledger need its bytes whole.
    std::string data = ReadWholeFile(path, path);
    if (sha256) *sha256 = Sha256::Of(data);
    InputBuffer in{std::string_view(data)};
    bool ok = ReadRows(path, &in, reporter, sink, layout);
    if (layout->bom) data.erase(0, 3);
    *data_out = std::move(data);
    return ok;
  }
  // Streamed: memory is bounded by the longest row, not by the file.
  FileSource file(path, path);
  Sha256 hash;
  HashingSource hashing(&file, &hash);
  InputBuffer in(&hashing);
  bool ok = ReadRows(path, &in, reporter, sink, layout);
  // The hash covers every byte, also those after a structural error.
  while (in.FillTo(in.end() + InputBuffer::kBlockSize)) in.Release(in.end());
  if (sha256) *sha256 = hash.HexDigest();
  return ok;
}

static_assert(sizeof(Event) <= 24, "an event is meant to stay compact");

struct Ledger::Loading {
  RegionCheck* region = nullptr;  // of the file being read
  std::unordered_map<std::string, uint16_t> purpose_ids;
  // (key, event) for every key of every event, in event order.
  std::vector<std::pair<uint32_t, uint32_t>> key_events;
  // Event e's id is ids[id_starts[e] .. id_starts[e+1]); the refs of void
  // rows (the only ones that use theirs), by event.
  std::string ids;
  std::vector<uint32_t> id_starts{0};
  std::unordered_map<uint32_t, std::string> refs;
  std::string_view Id(uint32_t e) const {
    return std::string_view(ids).substr(id_starts[e], id_starts[e + 1] - id_starts[e]);
  }
  std::string_view Ref(uint32_t e) const {
    auto it = refs.find(e);
    return it == refs.end() ? std::string_view() : std::string_view(it->second);
  }
};

namespace {

// One file given twice (`-l consent.csv -l ./consent.csv`, overlapping
// globs) would hold every row twice, and every id would name two rows.
void ThrowIfNamedTwice(const std::vector<std::string>& paths) {
  std::map<std::pair<dev_t, ino_t>, const std::string*> seen;
  for (const std::string& path : paths) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) continue;  // reported when it is read
    auto [it, inserted] = seen.emplace(std::make_pair(st.st_dev, st.st_ino), &path);
    if (!inserted) {
      ThrowUsage(
          fmt::format("{}: the same file as ledger {}; name each ledger once", path, *it->second));
    }
  }
}

}  // namespace

bool Ledger::Load(const std::vector<std::string>& paths, const LedgerOptions& options,
                  PhoneNormalizer* phones, Reporter* outer) {
  CountingReporter reporter(outer);
  *this = Ledger();
  options_ = options;
  phones_ = phones;
  if (paths.size() > UINT16_MAX) ThrowUsage("too many ledger files");
  ThrowIfNamedTwice(paths);
  paths_ = paths;
  sha256_.assign(paths_.size(), std::string());
  summaries_.assign(paths_.size(), LedgerSummary());
  Loading loading;
  Reserve(&loading);
  bool structure_ok = true;
  for (uint32_t file = 0; file < paths_.size(); ++file) {
    RegionCheck region;
    loading.region = &region;
    structure_ok = ReadLedgerRows(
                       paths_[file], &reporter,
                       [&](const LedgerRow& row) { AddRow(row, file, &loading, &reporter); },
                       nullptr, nullptr, &sha256_[file]) &&
                   structure_ok;
    loading.region = nullptr;
    std::string warning = region.Warning(phones_->region());
    if (!warning.empty()) reporter.Warn(paths_[file], 0, warning);
  }
  if (!structure_ok) {
    // The key index is built by Finish(): without it no key may be looked
    // up. A ledger that failed to load knows no key (fail-closed).
    keys_ = KeyIndex();
    return false;
  }
  Finish(&loading, &reporter);
  warnings_ = reporter.warnings();
  return reporter.errors() == 0;
}

void Ledger::Reserve(Loading* loading) {
  // Rows are rarely shorter than 64 bytes; reserving for that many keeps the
  // tables from growing step by step (reserved pages that are never used
  // cost no memory).
  uint64_t bytes = 0;
  for (const std::string& path : paths_) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
      bytes += static_cast<uint64_t>(st.st_size);
  }
  auto rows = static_cast<size_t>(std::min<uint64_t>(bytes / 64, uint64_t{1} << 26));
  events_.reserve(rows);
  loading->key_events.reserve(rows + rows / 4);
  loading->id_starts.reserve(rows + 1);
  keys_.Reserve(rows, rows * 24);  // an e-mail address is about 24 bytes
}

uint16_t Ledger::InternPurpose(std::string_view normalized, Loading* loading) {
  if (normalized.empty()) return 0;
  if (purposes_.size() > UINT16_MAX) ThrowUsage("the ledger names more than 65,535 purposes");
  auto [it, inserted] = loading->purpose_ids.try_emplace(std::string(normalized),
                                                         static_cast<uint16_t>(purposes_.size()));
  if (inserted) purposes_.emplace_back(normalized);
  return it->second;
}

void Ledger::AddRow(const LedgerRow& row, uint32_t file, Loading* loading, Reporter* reporter_ptr) {
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
  if (events_.size() >= UINT32_MAX - 1 || row.line > UINT32_MAX) {
    ThrowUsage(fmt::format("{}: more rows than a ledger can hold", row.file));
  }
  const auto index = static_cast<uint32_t>(events_.size());
  Event e;
  e.file = static_cast<uint16_t>(file);
  e.line = static_cast<uint32_t>(row.line);
  e.status = *status;
  e.purpose = InternPurpose(NormalizePurpose(f[kColPurpose]), loading);
  bool given = e.status == Status::kGiven;
  // Every event pushed below gets its id at the same index.
  loading->ids += f[kColId];
  loading->id_starts.push_back(static_cast<uint32_t>(loading->ids.size()));
  if (loading->ids.size() > UINT32_MAX / 2) ThrowUsage("the ledger's ids exceed 2 GiB");
  if (e.status == Status::kVoid && !f[kColRef].empty()) loading->refs[index] = f[kColRef];
  LedgerSummary& summary = summaries_[file];
  ++summary.events;
  if (!f[kColHash].empty()) summary.chain_head = f[kColHash];
  std::pair<std::string, std::string> text;

  if (e.status != Status::kVoid) {
    std::optional<Timestamp> at = ParseTimestamp(f[kColTimestamp]);
    if (at) {
      e.flags =
          static_cast<uint8_t>(e.flags | Event::kHasAt | (at->date_only ? Event::kAtDateOnly : 0));
      e.at = at->instant;
      e.local_date = at->local_date;
      std::string_view date = std::string_view(at->canonical).substr(0, 10);
      if (summary.first.empty() || date < summary.first) summary.first = std::string(date);
      if (summary.last.empty() || date > summary.last) summary.last = std::string(date);
      if (options_.keep_text) text.first = std::move(at->canonical);
    } else if (given) {
      e.drop = Drop::kTimeUnreadable;
      warn("timestamp cannot be read; given row ignored");
    } else if (IsNegative(e.status)) {
      warn("timestamp cannot be read; the row's keys count as refused at any time");
    }
    if (!f[kColExpires].empty()) {
      std::optional<Timestamp> expires = ParseTimestamp(f[kColExpires]);
      if (expires) {
        // Expired from this instant on: after the last second of a date.
        e.flags = static_cast<uint8_t>(e.flags | Event::kHasExpires |
                                       (expires->date_only ? Event::kExpiresDateOnly : 0));
        expires_.emplace_back(index, EndOfDayOrInstant(*expires) + (expires->date_only ? 1 : 0));
        if (options_.keep_text) text.second = std::move(expires->canonical);
      } else if (given && e.drop == Drop::kNone) {
        e.drop = Drop::kExpiryUnreadable;
        warn("expiry date cannot be read; given row ignored");
      }
    }
    if (!f[kColMethod].empty()) {
      std::string m = Utf8Lower(f[kColMethod]);
      if (std::find(std::begin(kMethods), std::end(kMethods), m) == std::end(kMethods)) {
        // Warnings reach the run report, which quotes no value of the
        // ledger (SPEC §5): the word is quoted only when it is a typo of a
        // known one; free text ("told by Anna at the fair") is not.
        std::vector<std::string> methods(std::begin(kMethods), std::end(kMethods));
        warn(ClosestWord(f[kColMethod], methods).empty()
                 ? "unknown method word (expected written, email, web, messenger, phone, "
                   "in-person, import or other)"
                 : "unknown method word " + QuoteWithSuggestion(f[kColMethod], methods));
      }
    }
    size_t keys = 0;
    auto add = [&](KeyType type, std::string_view value) {
      loading->key_events.emplace_back(keys_.Insert(type, value), index);
      ++keys;
    };
    for (const std::string& p : SplitCellValues(f[kColPhone])) {
      std::optional<std::string> e164 = phones_->ToE164(p);
      if (e164) {
        if (loading->region) loading->region->Add(p, *e164);
        add(KeyType::kPhone, *e164);
      } else if (given) {
        if (e.drop == Drop::kNone) {
          e.drop = Drop::kPhoneUnparsable;
          warn("phone number cannot be parsed; given row ignored");
        }
      } else {
        warn("phone number cannot be parsed; not used as a key");
      }
    }
    for (const std::string& m : SplitCellValues(f[kColEmail])) {
      add(KeyType::kEmail, NormalizeEmail(m));
    }
    if (!f[kColUid].empty()) add(KeyType::kUid, NormalizeUid(f[kColUid]));
    if (keys == 0 && e.drop == Drop::kNone) {
      e.drop = Drop::kNoKey;
      warn("row has no phone, email or uid; ignored");
    }
  } else if (f[kColRef].empty()) {
    reporter.Error(row.file, row.line, "void row without ref");
  }
  events_.push_back(e);
  if (options_.keep_text) texts_.push_back(std::move(text));
}

void Ledger::Finish(Loading* loading, Reporter* reporter_ptr) {
  Reporter& reporter = *reporter_ptr;
  const LedgerOptions& options = options_;
  // Purpose (§4.3 step 3).
  std::vector<std::string> purposes(purposes_.begin() + 1, purposes_.end());
  std::sort(purposes.begin(), purposes.end());
  for (uint32_t file = 0; file < paths_.size(); ++file) {
    std::vector<bool> named(purposes_.size(), false);
    for (const Event& e : events_) {
      if (e.file == file && e.purpose != 0) named[e.purpose] = true;
    }
    for (uint32_t p = 1; p < purposes_.size(); ++p) {
      if (named[p]) summaries_[file].purposes.push_back(purposes_[p]);
    }
    std::sort(summaries_[file].purposes.begin(), summaries_[file].purposes.end());
  }
  single_purpose_ = purposes.size() <= 1;
  if (options.purpose) {
    std::string wanted = NormalizePurpose(*options.purpose);
    purpose_ = InternPurpose(wanted, loading);
    // Allowed, and every card is then secondary; but a typo here would
    // quietly empty the native book, so it is said.
    if (!wanted.empty() && !purposes.empty() &&
        !std::binary_search(purposes.begin(), purposes.end(), wanted) && !options.lint) {
      reporter.Warn("--purpose", 0,
                    fmt::format("no ledger row names {}; no consent counts for it",
                                QuoteWithSuggestion(wanted, purposes)));
    }
  } else if (purposes.size() >= 2 && !options.lint) {
    std::string list;
    for (const std::string& p : purposes) list += (list.empty() ? "" : ", ") + p;
    ThrowUsage(
        fmt::format("the ledger names several purposes ({}); choose one with --purpose", list));
  } else if (!purposes.empty()) {
    purpose_ = loading->purpose_ids.at(purposes.front());
  }

  ResolveVoids(loading, reporter_ptr);

  for (Event& e : events_) {
    if (e.drop != Drop::kNone || e.status == Status::kVoid) continue;
    if (e.status == Status::kRequested) {
      e.drop = Drop::kRequested;
      continue;
    }
    if (e.has_at() && e.at > options.as_of) {
      e.drop = Drop::kFuture;
      reporter.Warn(paths_[e.file], e.line, "row dated after the evaluation time; ignored");
      continue;
    }
    if (e.status == Status::kGiven && e.purpose == 0 && !single_purpose_) {
      e.drop = Drop::kNoPurpose;
      reporter.Warn(paths_[e.file], e.line,
                    "given without a purpose in a ledger with several purposes; ignored");
      continue;
    }
  }
  BuildIndex(loading);
}

void Ledger::ResolveVoids(Loading* loading, Reporter* reporter_ptr) {
  Reporter& reporter = *reporter_ptr;
  const Loading& l = *loading;
  // Events with an id, by id and then in file order.
  std::vector<uint32_t> by_id;
  for (uint32_t i = 0; i < events_.size(); ++i) {
    if (!l.Id(i).empty()) by_id.push_back(i);
  }
  std::stable_sort(by_id.begin(), by_id.end(),
                   [&l](uint32_t a, uint32_t b) { return l.Id(a) < l.Id(b); });
  std::vector<std::pair<uint32_t, uint32_t>> duplicates;  // (event, first with its id)
  for (size_t i = 1; i < by_id.size(); ++i) {
    size_t first = i - 1;
    while (i < by_id.size() && l.Id(by_id[i]) == l.Id(by_id[first])) {
      duplicates.emplace_back(by_id[i], by_id[first]);
      ++i;
    }
  }
  std::sort(duplicates.begin(), duplicates.end());
  for (auto [event, first] : duplicates) {  // in file order, for stable messages
    reporter.Warn(paths_[events_[event].file], events_[event].line,
                  fmt::format("duplicate id (first at line {})", events_[first].line));
  }
  for (uint32_t i = 0; i < events_.size(); ++i) {
    Event& v = events_[i];
    std::string_view ref = l.Ref(i);
    if (v.status != Status::kVoid || ref.empty()) continue;
    auto range =
        std::equal_range(by_id.begin(), by_id.end(), ref, [&l](const auto& a, const auto& b) {
          if constexpr (std::is_same_v<std::decay_t<decltype(a)>, std::string_view>) {
            return a < l.Id(b);
          } else {
            return l.Id(a) < b;
          }
        });
    if (range.first == range.second) {
      reporter.Error(paths_[v.file], v.line, "void refers to an id that names no row");
      continue;
    }
    if (range.second - range.first > 1) {
      reporter.Error(paths_[v.file], v.line, "void refers to an id that names several rows");
      continue;
    }
    uint32_t target = *range.first;
    if (events_[target].status == Status::kVoid) {
      reporter.Error(paths_[v.file], v.line, "void refers to another void row");
      continue;
    }
    events_[target].drop = Drop::kCancelled;
    cancelled_by_[target] = v.line;
    v.drop = Drop::kVoidRow;
  }
  loading->ids.clear();
  loading->ids.shrink_to_fit();
  std::vector<uint32_t>().swap(loading->id_starts);
  loading->refs.clear();
}

void Ledger::BuildIndex(Loading* loading) {
  // Each key's events, in file order, as one array (a counting sort).
  std::vector<std::pair<uint32_t, uint32_t>>& pairs = loading->key_events;
  event_starts_.assign(keys_.size() + 1, 0);
  uint32_t last_key = KeyIndex::kNone, last_event = KeyIndex::kNone;
  size_t kept = 0;
  for (const auto& [key, event] : pairs) {
    if (key == last_key && event == last_event) continue;  // a key twice in one row
    last_key = key;
    last_event = event;
    pairs[kept++] = {key, event};
    ++event_starts_[key + 1];
  }
  pairs.resize(kept);
  for (size_t k = 1; k < event_starts_.size(); ++k) event_starts_[k] += event_starts_[k - 1];
  event_ids_.resize(kept);
  std::vector<uint32_t> fill(event_starts_.begin(), event_starts_.end() - 1);
  for (const auto& [key, event] : pairs) event_ids_[fill[key]++] = event;
  std::vector<std::pair<uint32_t, uint32_t>>().swap(pairs);
  std::vector<uint32_t>().swap(fill);
  // Every key's state, once.
  states_.resize(keys_.size());
  for (uint32_t k = 0; k < keys_.size(); ++k) states_[k] = EvaluateImpl(k, nullptr).state;
}

bool Ledger::Applies(const Event& e) const {
  if (e.status == Status::kGiven) {
    return e.purpose == purpose_ || (e.purpose == 0 && single_purpose_);
  }
  return e.purpose == 0 || e.purpose == purpose_;
}

std::vector<Key> Ledger::Keys() const {
  std::vector<Key> keys;
  keys.reserve(keys_.size());
  for (uint32_t k = 0; k < keys_.size(); ++k) keys.push_back(keys_.KeyOf(k));
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<const Event*> Ledger::EventsFor(const Key& key) const {
  std::vector<const Event*> out;
  uint32_t k = keys_.Find(key);
  if (k == KeyIndex::kNone) return out;
  for (uint32_t i = event_starts_[k]; i < event_starts_[k + 1]; ++i) {
    out.push_back(&events_[event_ids_[i]]);
  }
  return out;
}

Evaluation Ledger::Evaluate(const Key& key) const {
  uint32_t k = keys_.Find(key);
  if (k == KeyIndex::kNone) return Evaluation{};
  return EvaluateImpl(k, nullptr);  // the state is known; the deciding row is found again
}

Evaluation Ledger::Explain(const Key& key, std::vector<ExplainedEvent>* trail) const {
  trail->clear();
  uint32_t k = keys_.Find(key);
  if (k == KeyIndex::kNone) return Evaluation{};
  Evaluation result = EvaluateImpl(k, trail);
  std::stable_sort(trail->begin(), trail->end(),
                   [](const ExplainedEvent& a, const ExplainedEvent& b) {
                     bool ta = a.event->has_at(), tb = b.event->has_at();
                     if (ta != tb) return ta;
                     return ta && a.event->at < b.event->at;
                   });
  return result;
}

std::string Ledger::DropText(uint32_t event) const {
  switch (events_[event].drop) {
    case Drop::kNone:
      return "";
    case Drop::kTimeUnreadable:
      return "timestamp cannot be read";
    case Drop::kExpiryUnreadable:
      return "expiry date cannot be read";
    case Drop::kPhoneUnparsable:
      return "phone number cannot be parsed";
    case Drop::kNoKey:
      return "no key";
    case Drop::kCancelled:
      return fmt::format("cancelled by the void row at line {}", cancelled_by_.at(event));
    case Drop::kVoidRow:
      return "void row";
    case Drop::kRequested:
      return "requested rows do not change the state";
    case Drop::kFuture:
      return "dated after the evaluation time";
    case Drop::kNoPurpose:
      return "given without a purpose in a ledger with several purposes";
  }
  return "";
}

int64_t Ledger::ExpiresOf(const Event& e) const {
  auto index = static_cast<uint32_t>(&e - events_.data());
  auto it = std::lower_bound(expires_.begin(), expires_.end(), std::make_pair(index, INT64_MIN));
  return it != expires_.end() && it->first == index ? it->second : INT64_MAX;
}

std::string Ledger::TimeText(const Event& e) const {
  if (!e.has_at()) return "(unreadable time)";
  size_t i = static_cast<size_t>(&e - events_.data());
  if (i < texts_.size()) return texts_[i].first;
  return FormatLocal(e.at);
}

Evaluation Ledger::EvaluateImpl(uint32_t key, std::vector<ExplainedEvent>* trail) const {
  std::unordered_map<const Event*, std::string> notes;
  auto note = [&](const Event* e, std::string text) {
    if (trail) notes[e] = std::move(text);
  };
  const uint32_t* first = event_ids_.data() + event_starts_[key];
  const uint32_t* last = event_ids_.data() + event_starts_[key + 1];
  auto finish = [&](Evaluation r) {
    if (trail) {
      for (const uint32_t* i = first; i != last; ++i) {
        const Event* e = &events_[*i];
        trail->push_back({e, notes[e]});
      }
    }
    return r;
  };

  Evaluation result;
  // Most keys have one or two events: no allocation for them.
  const Event* small[4];
  std::vector<const Event*> large;
  const Event** live = small;
  if (last - first > 4) {
    large.resize(static_cast<size_t>(last - first));
    live = large.data();
  }
  size_t live_count = 0;
  const Event* unreadable_negative = nullptr;
  for (const uint32_t* i = first; i != last; ++i) {
    const Event* e = &events_[*i];
    if (e->drop != Drop::kNone) {
      if (trail) note(e, "ignored: " + DropText(*i));
    } else if (!Applies(*e)) {
      note(e, "ignored: purpose does not apply");
    } else if (!e->has_at()) {
      note(e, "timestamp cannot be read: counts as refused at any time");
      if (!unreadable_negative) unreadable_negative = e;
    } else {
      live[live_count++] = e;
    }
  }
  if (unreadable_negative) {
    // A negative row whose time cannot be read: refused at any time.
    result.state = State::kRefused;
    result.deciding = unreadable_negative;
    for (size_t i = 0; i < live_count; ++i) {
      note(live[i], "overruled by a row whose timestamp cannot be read");
    }
    return finish(result);
  }
  if (live_count == 0) return finish(result);

  int32_t latest_date = 0;
  for (size_t i = 0; i < live_count; ++i) latest_date = std::max(latest_date, live[i]->local_date);
  bool any_date_only = false;
  int64_t latest_instant = INT64_MIN;
  for (size_t i = 0; i < live_count; ++i) {
    const Event* e = live[i];
    if (e->local_date != latest_date) continue;
    any_date_only = any_date_only || e->at_date_only();
    latest_instant = std::max(latest_instant, e->at);
  }
  // The tied events, moved to the front of `live`.
  size_t tied = 0;
  for (size_t i = 0; i < live_count; ++i) {
    const Event* e = live[i];
    if (e->local_date != latest_date) {
      note(e, "superseded by a later date");
    } else if (!any_date_only && e->at != latest_instant) {
      note(e, "superseded later that day");
    } else {
      live[tied++] = e;
    }
  }
  const Event* best_negative = nullptr;
  for (size_t i = 0; i < tied; ++i) {
    const Event* e = live[i];
    if (IsNegative(e->status) &&
        (!best_negative || NegativePrecedence(StateOfStatus(e->status)) <
                               NegativePrecedence(StateOfStatus(best_negative->status)))) {
      best_negative = e;
    }
  }
  if (best_negative) {
    result.state = StateOfStatus(best_negative->status);
    result.deciding = best_negative;
    for (size_t i = 0; i < tied; ++i) {
      const Event* e = live[i];
      note(e, e == best_negative            ? "decides"
              : e->status == Status::kGiven ? "tied; a negative row wins"
                                            : "tied; a stronger negative row wins");
    }
    return finish(result);
  }
  result.state = State::kGiven;
  result.deciding = live[0];
  for (size_t i = 0; i < tied; ++i) note(live[i], tied > 1 ? "tied given" : "decides");
  for (size_t i = 0; i < tied; ++i) {
    const Event* e = live[i];
    if (e->has_expires() && options_.as_of >= ExpiresOf(*e)) {
      result.state = State::kExpired;
      result.deciding = e;
      if (trail) {
        size_t index = static_cast<size_t>(e - events_.data());
        note(e, "decides: expired on " +
                    (index < texts_.size() ? texts_[index].second : FormatLocal(ExpiresOf(*e))));
      }
      break;
    }
    if (options_.max_age && options_.as_of > AddDuration(e->at, *options_.max_age)) {
      result.state = State::kExpired;
      result.deciding = e;
      note(e, "decides: older than --max-age");
      break;
    }
  }
  if (result.state == State::kGiven && tied > 1) note(result.deciding, "decides");
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
