// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "ledger/ledger_tools.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <set>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "csv/csv.h"
#include "io/output.h"
#include "io/sha256.h"
#include "io/source.h"
#include "util/text.h"
#include "vcsplit/error.h"

namespace vcsplit {

const char kZeroHash[] = "0000000000000000000000000000000000000000000000000000000000000000";

namespace {

struct LoadedLedger {
  std::string data;  // after a BOM
  LedgerLayout layout;
  std::vector<LedgerRow> rows;
};

LoadedLedger LoadForTools(const std::string& path) {
  LoadedLedger l;
  CollectingReporter problems;
  bool ok = ReadLedgerRows(
      path, &problems, [&l](const LedgerRow& row) { l.rows.push_back(row); }, &l.layout, &l.data);
  if (!ok) {
    for (const Diagnostic& d : problems.diagnostics()) {
      if (d.severity == Severity::kError) throw FatalError(kExitUsage, FormatDiagnostic(d));
    }
  }
  return l;
}

std::string QuoteCsv(const std::string& v, char delim) {
  bool needs = v.find_first_of(std::string("\"\r\n") + delim) != std::string::npos ||
               (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!needs) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The record's bytes without its final line break, and that line break.
void SplitLineBreak(std::string_view rec, std::string_view* body, std::string_view* brk) {
  size_t n = rec.size();
  size_t k = 0;
  if (n >= 1 && rec[n - 1] == '\n') {
    k = (n >= 2 && rec[n - 2] == '\r') ? 2 : 1;
  } else if (n >= 1 && rec[n - 1] == '\r') {
    k = 1;
  }
  *body = rec.substr(0, n - k);
  *brk = rec.substr(n - k);
}

// The computed hash of every chain row, in order, with the row's index.
struct ChainStep {
  size_t row;
  std::string computed;
};

std::vector<ChainStep> ComputeChain(const std::vector<LedgerRow>& rows, PhoneNormalizer* phones) {
  std::vector<ChainStep> steps;
  std::string prev = kZeroHash;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!IsChainRow(rows[i])) continue;
    prev = ChainHash(prev, CanonicalRow(rows[i], phones));
    steps.push_back({i, prev});
  }
  return steps;
}

VerifyResult Verify(const LoadedLedger& l, const std::optional<std::string>& anchor,
                    PhoneNormalizer* phones) {
  VerifyResult r;
  std::vector<ChainStep> steps = ComputeChain(l.rows, phones);
  for (const ChainStep& s : steps) {
    if (!l.rows[s.row].fields[kColHash].empty()) r.sealed = true;
  }
  if (!r.sealed) {
    r.problem = "ledger is not sealed (run 'vcsplit ledger seal')";
    return r;
  }
  std::set<std::string> seen;
  for (const ChainStep& s : steps) {
    const LedgerRow& row = l.rows[s.row];
    std::string stored = AsciiLower(row.fields[kColHash]);
    if (stored.empty()) {
      r.bad_line = row.line;
      r.problem = "row has no hash: added after the ledger was sealed";
      return r;
    }
    if (stored != s.computed) {
      r.bad_line = row.line;
      r.problem =
          "hash does not match: this row or one before it was edited, reordered, "
          "inserted or deleted";
      return r;
    }
    seen.insert(s.computed);
    r.last_hash = s.computed;
    ++r.sealed_rows;
  }
  if (anchor && !seen.count(AsciiLower(Trim(*anchor)))) {
    r.problem = "anchor not found: rows up to the anchored one were changed or deleted";
    return r;
  }
  r.ok = true;
  return r;
}

// Opens `path` and takes an exclusive lock on the file that is at `path`
// once the lock is held (a concurrent seal may have replaced it meanwhile).
int OpenLocked(const std::string& path, int flags) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) throw FatalError(kExitUsage, SystemMessage(path, errno));
    while (::flock(fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        int e = errno;
        ::close(fd);
        throw FatalError(kExitUsage, SystemMessage(path + ": cannot lock", e));
      }
    }
    struct stat held, now;
    if (::fstat(fd, &held) == 0 && ::stat(path.c_str(), &now) == 0 && held.st_dev == now.st_dev &&
        held.st_ino == now.st_ino) {
      return fd;
    }
    ::close(fd);
  }
  throw FatalError(kExitUsage, path + ": cannot lock: the file keeps being replaced");
}

class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  ~FdGuard() { ::close(fd_); }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string NowWithOffset() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
  std::string s(buf, n);  // ...+0100 -> ...+01:00
  if (s.size() >= 5) s.insert(s.size() - 2, ":");
  return s;
}

}  // namespace

bool IsChainRow(const LedgerRow& row) { return !row.fields[kColStatus].empty(); }

std::string CanonicalRow(const LedgerRow& row, PhoneNormalizer* phones) {
  std::string out;
  for (int c = 0; c < kColHash; ++c) {
    std::string v(Trim(row.fields[static_cast<size_t>(c)]));
    if (v.empty()) continue;
    switch (c) {
      case kColPhone: {
        std::string joined;
        for (const std::string& p : SplitCellValues(v)) {
          std::optional<std::string> e164 = phones->ToE164(p);
          joined += (joined.empty() ? "" : ",") + (e164 ? *e164 : p);
        }
        v = joined;
        break;
      }
      case kColEmail: {
        std::string joined;
        for (const std::string& e : SplitCellValues(v)) {
          joined += (joined.empty() ? "" : ",") + NormalizeEmail(e);
        }
        v = joined;
        break;
      }
      case kColStatus: {
        std::optional<Status> s = ParseStatus(v);
        if (s) v = StatusName(*s);
        break;
      }
      case kColTimestamp:
      case kColExpires: {
        std::optional<Timestamp> t = ParseTimestamp(v);
        if (t) v = t->canonical;
        break;
      }
      default:
        break;
    }
    if (v.empty()) continue;
    if (!out.empty()) out += '\n';
    out += ColumnName(static_cast<Column>(c));
    out += '=';
    out += v;
  }
  return out;
}

std::string ChainHash(const std::string& previous, const std::string& canonical) {
  Sha256 h;
  h.Update(previous);
  h.Update("\n");
  h.Update(canonical);
  return h.HexDigest();
}

VerifyResult VerifyLedger(const std::string& path, const std::optional<std::string>& anchor,
                          PhoneNormalizer* phones) {
  return Verify(LoadForTools(path), anchor, phones);
}

namespace {

// The ledger's text with `new_hash` filled in (a row's entry empty: keep
// the row as it is), adding a hash column when there is none.
std::string SealedText(const LoadedLedger& l, const std::vector<std::string>& new_hash) {
  const LedgerLayout& lay = l.layout;
  std::string out = lay.bom ? "\xEF\xBB\xBF" : "";
  size_t pos = 0;
  auto hash_index = std::find(lay.columns.begin(), lay.columns.end(), kColHash);
  bool has_hash_column = lay.jsonl || hash_index != lay.columns.end();
  if (!lay.jsonl) {
    std::string_view header(l.data.data() + lay.header_begin, lay.header_end - lay.header_begin);
    out.append(l.data, 0, lay.header_begin);
    if (has_hash_column) {
      out += header;
    } else {
      std::string_view body, brk;
      SplitLineBreak(header, &body, &brk);
      out += body;
      out += lay.delimiter;
      out += "hash";
      out += brk.empty() ? std::string_view(lay.eol) : brk;
    }
    pos = lay.header_end;
  }
  for (size_t i = 0; i < l.rows.size(); ++i) {
    const LedgerRow& row = l.rows[i];
    out.append(l.data, pos, row.begin - pos);
    pos = row.end;
    std::string_view rec(l.data.data() + row.begin, row.end - row.begin);
    std::string_view body, brk;
    SplitLineBreak(rec, &body, &brk);
    std::string eol = brk.empty() ? lay.eol : std::string(brk);
    bool fill = !new_hash[i].empty() && row.fields[kColHash].empty();
    if (lay.jsonl) {
      if (!fill) {
        out += rec;
        continue;
      }
      nlohmann::ordered_json obj = nlohmann::ordered_json::parse(body);
      obj["hash"] = new_hash[i];
      out += obj.dump() + eol;
    } else if (!has_hash_column) {
      out += body;
      out += lay.delimiter;
      out += new_hash[i];
      out += eol;
    } else if (!fill) {
      out += rec;
    } else {
      InputBuffer in(body);
      CsvScanner parser(&in, CsvEncoding::kUtf8, lay.delimiter);
      CsvRecord fields;
      parser.Next(&fields);
      size_t at = static_cast<size_t>(hash_index - lay.columns.begin());
      if (fields.fields.size() <= at) fields.fields.resize(at + 1);
      fields.fields[at] = new_hash[i];
      std::string line;
      for (size_t f = 0; f < fields.fields.size(); ++f) {
        if (f) line += lay.delimiter;
        line += QuoteCsv(fields.fields[f], lay.delimiter);
      }
      out += line + eol;
    }
  }
  out.append(l.data, pos, std::string::npos);
  return out;
}

}  // namespace

VerifyResult SealLedger(const std::string& given_path, PhoneNormalizer* phones) {
  // A ledger path that is a link: the file it points to is sealed, the link
  // stays as it is.
  std::string path = given_path;
  if (char* real = ::realpath(given_path.c_str(), nullptr)) {
    path = real;
    std::free(real);
  }
  FdGuard lock(OpenLocked(path, O_RDONLY));
  LoadedLedger l = LoadForTools(path);
  std::vector<ChainStep> steps = ComputeChain(l.rows, phones);
  // Existing hashes must verify: sealing on top of a changed row would hide it.
  for (const ChainStep& s : steps) {
    const LedgerRow& row = l.rows[s.row];
    if (!row.fields[kColHash].empty() && AsciiLower(row.fields[kColHash]) != s.computed) {
      VerifyResult r;
      r.sealed = true;
      r.bad_line = row.line;
      r.problem =
          "hash does not match: this row or one before it was edited, reordered, "
          "inserted or deleted; not sealing";
      return r;
    }
  }
  std::vector<std::string> new_hash(l.rows.size());
  for (const ChainStep& s : steps) new_hash[s.row] = s.computed;

  std::string out = SealedText(l, new_hash);

  // The rewrite keeps the file's owner, group and mode: a service user's
  // ledger sealed by root stays the service user's.
  struct stat st;
  if (::fstat(lock.get(), &st) != 0) throw FatalError(kExitUsage, SystemMessage(path, errno));
  AtomicOutput file(path, false);
  file.KeepOwner(st.st_uid, st.st_gid, st.st_mode & 07777);
  file.Write(out);
  file.Finish();
  file.Commit();
  return VerifyLedger(path, std::nullopt, phones);
}

namespace {

// The row `ev` asks for, in canonical form (E.164 numbers, lower-case
// e-mails, canonical status and times). Throws FatalError(kExitUsage) for a
// bad value.
LedgerRow RowFromEvent(const NewEvent& ev, PhoneNormalizer* phones) {
  std::optional<Status> status = ParseStatus(ev.status);
  if (!status) ThrowUsage(fmt::format("--status: unknown status word '{}'", ev.status));
  if (*status == Status::kVoid && ev.ref.empty()) ThrowUsage("a void row needs --ref");
  if (*status != Status::kVoid && ev.phones.empty() && ev.emails.empty() && ev.uids.empty()) {
    ThrowUsage("give at least one --phone, --email or --uid");
  }
  if (ev.uids.size() > 1) ThrowUsage("give at most one --uid per row");

  LedgerRow row;
  row.fields[kColStatus] = StatusName(*status);
  if (ev.at.empty()) {
    row.fields[kColTimestamp] = ParseTimestamp(NowWithOffset())->canonical;
  } else {
    std::optional<Timestamp> t = ParseTimestamp(ev.at);
    if (!t) ThrowUsage(fmt::format("--at: cannot read time '{}'", ev.at));
    row.fields[kColTimestamp] = t->canonical;
  }
  if (!ev.expires.empty()) {
    std::optional<Timestamp> t = ParseTimestamp(ev.expires);
    if (!t) ThrowUsage(fmt::format("--expires: cannot read time '{}'", ev.expires));
    row.fields[kColExpires] = t->canonical;
  }
  for (const std::string& p : ev.phones) {
    std::optional<std::string> e164 = phones->ToE164(p);
    if (!e164) ThrowUsage(fmt::format("--phone: cannot read number '{}'", p));
    std::string& cell = row.fields[kColPhone];
    cell += (cell.empty() ? "" : ", ") + *e164;
  }
  for (const std::string& e : ev.emails) {
    std::string& cell = row.fields[kColEmail];
    cell += (cell.empty() ? "" : ", ") + NormalizeEmail(e);
  }
  if (!ev.uids.empty()) row.fields[kColUid] = NormalizeUid(ev.uids[0]);
  row.fields[kColPurpose] = std::string(Trim(ev.purpose));
  row.fields[kColMethod] = std::string(Trim(ev.method));
  row.fields[kColNotice] = std::string(Trim(ev.notice));
  row.fields[kColEvidence] = std::string(Trim(ev.evidence));
  row.fields[kColActor] = std::string(Trim(ev.actor));
  row.fields[kColRef] = std::string(Trim(ev.ref));
  row.fields[kColName] = std::string(Trim(ev.name));
  row.fields[kColNote] = std::string(Trim(ev.note));
  row.fields[kColId] = std::string(Trim(ev.id));

  return row;
}

// `row` as one line of a ledger laid out as `lay`, with its line break.
std::string FormatRow(const LedgerRow& row, const LedgerLayout& lay) {
  if (lay.jsonl) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (int c = 0; c < kColumnCount; ++c) {
      const std::string& v = row.fields[static_cast<size_t>(c)];
      if (!v.empty()) obj[ColumnName(static_cast<Column>(c))] = v;
    }
    return obj.dump() + lay.eol;
  }
  std::string line;
  for (size_t i = 0; i < lay.columns.size(); ++i) {
    if (i) line += lay.delimiter;
    if (lay.columns[i] >= 0) {
      line += QuoteCsv(row.fields[static_cast<size_t>(lay.columns[i])], lay.delimiter);
    }
  }
  return line + lay.eol;
}

}  // namespace

uint64_t AppendEvent(const std::string& path, const NewEvent& ev, PhoneNormalizer* phones) {
  LedgerRow row = RowFromEvent(ev, phones);
  FdGuard fd(OpenLocked(path, O_RDWR | O_APPEND));
  LoadedLedger l = LoadForTools(path);
  const LedgerLayout& lay = l.layout;
  for (int c = 0; c < kColHash; ++c) {
    if (!row.fields[static_cast<size_t>(c)].empty() && !lay.HasColumn(static_cast<Column>(c))) {
      ThrowUsage(fmt::format("{}: the ledger has no '{}' column", path,
                             ColumnName(static_cast<Column>(c))));
    }
  }
  if (row.fields[kColId].empty() && lay.HasColumn(kColId)) {
    long long max_id = 0;
    for (const LedgerRow& r : l.rows) {
      const std::string& id = r.fields[kColId];
      if (!id.empty() && id.find_first_not_of("0123456789") == std::string::npos &&
          id.size() < 18) {
        max_id = std::max(max_id, std::stoll(id));
      }
    }
    row.fields[kColId] = std::to_string(max_id + 1);
  }
  std::vector<ChainStep> steps = ComputeChain(l.rows, phones);
  bool sealed = false;
  for (const ChainStep& s : steps) sealed = sealed || !l.rows[s.row].fields[kColHash].empty();
  if (sealed && lay.HasColumn(kColHash)) {
    row.fields[kColHash] =
        ChainHash(steps.empty() ? kZeroHash : steps.back().computed, CanonicalRow(row, phones));
  }

  std::string line = FormatRow(row, lay);
  bool ends_with_break = l.data.empty() || l.data.back() == '\n' || l.data.back() == '\r';
  if (!ends_with_break) line = lay.eol + line;
  for (size_t done = 0; done < line.size();) {
    ssize_t n = ::write(fd.get(), line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw FatalError(kExitOutput, SystemMessage(path, errno));
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) throw FatalError(kExitOutput, SystemMessage(path, errno));
  uint64_t lines = static_cast<uint64_t>(std::count(l.data.begin(), l.data.end(), '\n'));
  return lines + (ends_with_break ? 1 : 2);
}

size_t WriteLedgerTemplate(const std::vector<std::string>& books, const BookOptions& options,
                           bool german, PhoneNormalizer* phones, Reporter* reporter,
                           std::string* out) {
  const char delim = german ? ';' : ',';
  const std::vector<std::string> english = {"timestamp", "status", "phone",  "email",    "uid",
                                            "purpose",   "method", "notice", "evidence", "actor",
                                            "expires",   "name",   "note"};
  const std::vector<std::string> deutsch = {
      "zeitpunkt", "status",   "telefon",     "e-mail",      "uid",  "zweck", "methode",
      "hinweis",   "nachweis", "erfasst_von", "gueltig_bis", "name", "notiz"};
  const std::vector<std::string>& header = german ? deutsch : english;
  *out = german ? "\xEF\xBB\xBF" : "";
  for (size_t i = 0; i < header.size(); ++i) {
    if (i) *out += delim;
    *out += header[i];
  }
  *out += "\r\n";
  size_t rows = 0;
  size_t keyless = 0;
  std::string keyless_file;  // where the first of them is
  uint64_t keyless_line = 0;
  bool stdin_used = false;
  for (const std::string& path : books) {
    if (path == "-" && stdin_used) ThrowUsage("standard input given twice");
    stdin_used = stdin_used || path == "-";
    Book book = OpenBook(path, options.format);
    std::unique_ptr<ChunkReader> reader = book.MakeReader(options, reporter);
    Chunk chunk;
    while (reader->Next(&chunk)) {
      if (!chunk.readable()) continue;
      for (const Person& p : chunk.people) {
        std::string tels, mails, uid;
        std::vector<Key> keys = PersonKeys(p, phones, book.display, reporter);
        if (keys.empty()) {
          if (keyless++ == 0) {
            keyless_file = book.display;
            keyless_line = p.line;
          }
          continue;
        }
        for (const Key& k : keys) {
          if (k.type == KeyType::kPhone) {
            tels += (tels.empty() ? "" : ", ") + k.value;
          } else if (k.type == KeyType::kEmail) {
            mails += (mails.empty() ? "" : ", ") + k.value;
          } else if (uid.empty()) {
            uid = k.value;
          }
        }
        std::string name(Trim(p.DisplayName()));
        std::vector<std::string> cells = {"", "", tels, mails, uid,  "", "",
                                          "", "", "",   "",    name, ""};
        for (size_t i = 0; i < cells.size(); ++i) {
          if (i) *out += delim;
          *out += QuoteCsv(cells[i], delim);
        }
        *out += "\r\n";
        ++rows;
      }
    }
  }
  if (keyless > 0) {
    reporter->Warn(keyless_file, keyless_line,
                   fmt::format("{} {} without a number, e-mail or UID got no row{}", keyless,
                               keyless == 1 ? "contact" : "contacts",
                               keyless == 1 ? "" : "; this is the first"));
  }
  return rows;
}

}  // namespace vcsplit
