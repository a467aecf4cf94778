// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "csv/csv_book.h"

#include <algorithm>

#include <fmt/format.h>

#include "csv/csv.h"
#include "ledger/ledger.h"
#include "util/text.h"
#include "vcsplit/error.h"

namespace vcsplit {

namespace {

constexpr size_t kHeaderSearchBytes = size_t{64} * 1024;  // a preamble must end within this
constexpr int kHeaderSearchLines = 64;

bool Contains(const std::string& h, const char* part) { return h.find(part) != std::string::npos; }
bool EndsWith(const std::string& h, const std::string& suffix) {
  return h.size() >= suffix.size() &&
         h.compare(h.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<std::string> SplitMultiValue(const std::string& cell) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t at = cell.find(" ::: ", start);
    std::string_view v = Trim(std::string_view(cell).substr(
        start, at == std::string::npos ? std::string::npos : at - start));
    if (!v.empty()) out.emplace_back(v);
    if (at == std::string::npos) break;
    start = at + 5;
  }
  return out;
}

ColumnRole ClassifyColumn(const std::string& name) {
  std::string h = Utf8Lower(Trim(name));
  if (h == "uid") return ColumnRole::kUid;
  // Type, label and display-name columns sit beside the values; they are not keys.
  bool descriptive = EndsWith(h, " - type") || EndsWith(h, " - label") || Contains(h, "typ") ||
                     Contains(h, "display") || Contains(h, "anzeige") || Contains(h, "angezeigt");
  if (!descriptive) {
    if (Contains(h, "e-mail") || Contains(h, "email") || h == "mail") return ColumnRole::kEmail;
    if (Contains(h, "phone") || Contains(h, "telefon") || Contains(h, "mobile") ||
        Contains(h, "handy") || h == "fax" || h.rfind("fax ", 0) == 0 || EndsWith(h, " fax") ||
        Contains(h, " fax ") || EndsWith(h, "_fax") || h == "pager" || h == "pager number" ||
        h == "callback" || h == "telex" || h == "isdn" || h == "rückmeldung") {
      return ColumnRole::kPhone;
    }
  }
  if (h == "display name" || h == "name" || h == "full name" || h == "formatted name") {
    return ColumnRole::kFullName;
  }
  if (h == "first name" || h == "given name" || h == "vorname" || h == "first") {
    return ColumnRole::kFirstName;
  }
  if (h == "middle name" || h == "additional name" || h == "weitere vornamen" || h == "middle") {
    return ColumnRole::kMiddleName;
  }
  if (h == "last name" || h == "family name" || h == "nachname" || h == "last") {
    return ColumnRole::kLastName;
  }
  return ColumnRole::kOther;
}

CsvBookReader::CsvBookReader(ByteSource* source, std::string display, Reporter* reporter,
                             CsvBookOptions options)
    : display_(std::move(display)),
      reporter_(reporter),
      options_(std::move(options)),
      in_(source) {}

const char* CsvBookReader::encoding_name() const {
  switch (encoding_) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kWindows1252:
      return "windows-1252";
    case Encoding::kUtf16Le:
      return "utf-16le";
    case Encoding::kUtf16Be:
      return "utf-16be";
  }
  return "?";
}

unsigned CsvBookReader::UnitAt(uint64_t at) const {
  if (width_ == 1) return in_.At(at);
  unsigned first = in_.At(at), second = in_.At(at + 1);
  return encoding_ == Encoding::kUtf16Le ? first | (second << 8) : second | (first << 8);
}

void CsvBookReader::Consume(size_t bytes, Record* rec) {
  pos_ += bytes;
  if (!rec->oversized && pos_ - rec->start > options_.max_record_size) {
    rec->oversized = true;
    rec->fields.clear();
  }
  // An oversized record is handed over as it is read, not held.
  if (rec->oversized && pos_ - in_.mark() >= InputBuffer::kBlockSize) HandOver();
}

void CsvBookReader::HandOver() {
  if (overflow_sink_ && pos_ > in_.mark()) overflow_sink_(in_.View(in_.mark(), pos_));
  in_.Release(pos_);
}

bool CsvBookReader::ReadRecord(Record* rec) {
  rec->raw.clear();
  rec->fields.clear();
  rec->unterminated = rec->has_break = rec->crlf = rec->oversized = rec->dangling = false;
  rec->line = line_;
  rec->start = pos_;
  in_.Release(pos_);
  // Past the last whole code unit only a dangling byte of UTF-16 may be
  // left; it becomes part of a record below, so no input byte is lost.
  if (!in_.FillTo(pos_ + width_) && in_.end() == pos_) return false;
  std::string field;
  bool in_quotes = false, at_start = true;
  auto keep = [&](size_t units) {
    if (!rec->oversized) field.append(in_.Data(pos_), units * width_);
  };
  auto finish = [&](bool push_field) {
    if (!rec->oversized && push_field) rec->fields.push_back(std::move(field));
    if (rec->oversized) {
      HandOver();
    } else {
      std::string_view bytes = in_.View(rec->start, pos_);
      rec->raw.assign(bytes.data(), bytes.size());
    }
    return true;
  };
  for (;;) {
    if (!in_.FillTo(pos_ + width_)) {  // end of input inside the record
      if (in_.end() > pos_) {          // half a UTF-16 code unit
        rec->dangling = true;
        Consume(static_cast<size_t>(in_.end() - pos_), rec);
      }
      rec->unterminated = in_quotes;
      return finish(true);
    }
    bool has_next = in_.FillTo(pos_ + 2 * width_);
    unsigned u = UnitAt(pos_);
    unsigned next = has_next ? UnitAt(pos_ + width_) : 0;
    if (in_quotes) {
      if (u == '"') {
        if (has_next && next == '"') {
          keep(1);
          Consume(2 * width_, rec);
        } else {
          in_quotes = false;
          Consume(width_, rec);
        }
        continue;
      }
      if (u == '\n' || (u == '\r' && !(has_next && next == '\n'))) ++line_;
      keep(1);
      Consume(width_, rec);
      continue;
    }
    if (u == '"' && at_start) {
      in_quotes = true;
      at_start = false;
      Consume(width_, rec);
      continue;
    }
    if (u == static_cast<unsigned char>(delimiter_)) {
      if (!rec->oversized) rec->fields.push_back(std::move(field));
      field.clear();
      at_start = true;
      Consume(width_, rec);
      continue;
    }
    if (u == '\r' || u == '\n') {
      size_t n = (u == '\r' && has_next && next == '\n') ? 2 : 1;
      rec->crlf = n == 2;
      Consume(n * width_, rec);
      ++line_;
      rec->has_break = true;
      return finish(true);
    }
    keep(1);
    at_start = false;
    Consume(width_, rec);
  }
}

bool CsvBookReader::Decode(const std::string& bytes, std::string* utf8) const {
  switch (encoding_) {
    case Encoding::kUtf8:
      if (!IsValidUtf8(bytes)) return false;
      *utf8 = bytes;
      return true;
    case Encoding::kWindows1252:
      return ToUtf8(bytes, "windows-1252", utf8);
    case Encoding::kUtf16Le:
      return ToUtf8(bytes, "UTF-16LE", utf8);
    case Encoding::kUtf16Be:
      return ToUtf8(bytes, "UTF-16BE", utf8);
  }
  return false;
}

void CsvBookReader::FindColumns(const std::vector<std::string>& names) {
  roles_.assign(names.size(), ColumnRole::kOther);
  for (size_t i = 0; i < names.size(); ++i) roles_[i] = ClassifyColumn(names[i]);
  auto name_of = [&](size_t i) {
    return options_.no_header ? std::to_string(i + 1) : std::string(Trim(names[i]));
  };
  auto assign = [&](const std::vector<std::string>& wanted, ColumnRole role) {
    if (wanted.empty()) return;
    for (ColumnRole& r : roles_) {
      if (r == role) r = ColumnRole::kOther;
    }
    for (const std::string& w : wanted) {
      bool found = false;
      for (size_t i = 0; i < names.size(); ++i) {
        if (Utf8Lower(name_of(i)) == Utf8Lower(Trim(w))) {
          roles_[i] = role;
          found = true;
        }
      }
      if (!found) ThrowUsage(fmt::format("{}: no column named '{}'", display_, w));
    }
  };
  if (options_.no_header) {
    for (ColumnRole& r : roles_) r = ColumnRole::kOther;
  }
  assign(options_.phone_columns, ColumnRole::kPhone);
  assign(options_.email_columns, ColumnRole::kEmail);
  if (options_.uid_column) assign({*options_.uid_column}, ColumnRole::kUid);
}

void CsvBookReader::Start() {
  in_.FillTo(pos_ + kHeaderSearchBytes);
  std::string_view start = in_.View(pos_, in_.end());
  std::string bom;
  if (start.substr(0, 3) == "\xEF\xBB\xBF") {
    bom = start.substr(0, 3);
  } else if (start.substr(0, 2) == "\xFF\xFE") {
    encoding_ = Encoding::kUtf16Le;
    bom = start.substr(0, 2);
  } else if (start.substr(0, 2) == "\xFE\xFF") {
    encoding_ = Encoding::kUtf16Be;
    bom = start.substr(0, 2);
  }
  width_ = (encoding_ == Encoding::kUtf16Le || encoding_ == Encoding::kUtf16Be) ? 2 : 1;
  if (width_ == 1 && bom.empty()) {
    // Windows-1252 when the start is not valid UTF-8 (a sequence cut at the
    // end of the peek does not count).
    std::string_view peek = start;
    size_t cut = peek.size();
    for (size_t k = 0; k < 3 && cut > 0; ++k) {
      if ((static_cast<unsigned char>(peek[cut - 1]) & 0xC0) == 0x80 ||
          static_cast<unsigned char>(peek[cut - 1]) >= 0xC0) {
        --cut;
      } else {
        break;
      }
    }
    if (!IsValidUtf8(peek.substr(0, cut))) encoding_ = Encoding::kWindows1252;
  }
  prefix_ = bom;
  pos_ += bom.size();

  // The header is the first line from which key columns can be found;
  // lines before it are a preamble, kept in every output.
  uint64_t scan = pos_;
  std::vector<std::string> first_names;
  int line_index = 0;
  std::optional<uint64_t> header_at;
  std::vector<std::string> header_names;
  char header_delim = ',';
  while (scan < in_.end() && line_index < kHeaderSearchLines) {
    uint64_t end = scan;
    for (;;) {
      if (end + width_ > in_.end()) {
        // A long line (a header of many columns) may go past what was read.
        if (in_.at_eof()) break;
        if (in_.end() - pos_ >= options_.max_record_size) {
          ThrowUsage(fmt::format("{}:{}: line longer than --max-card-size before the header ended",
                                 display_, line_index + 1));
        }
        in_.FillTo(in_.end() + InputBuffer::kBlockSize);
        continue;
      }
      unsigned u = UnitAt(end);
      if (u == '\r' || u == '\n') break;
      end += width_;
    }
    std::string text;
    Decode(std::string(in_.View(scan, end)), &text);
    char delim = DetectDelimiter(text, ",;\t");
    CsvParser parser(text, delim);
    CsvRecord rec;
    std::vector<std::string> names;
    if (parser.Next(&rec)) names = rec.fields;
    if (line_index == 0) {
      first_names = names;
      header_delim = delim;
    }
    if (options_.no_header) break;
    roles_.clear();
    // A preamble sentence is no column name, even when it mentions e-mail.
    for (std::string& n : names) {
      if (Trim(n).size() > 48) n.clear();
    }
    try {
      FindColumns(names);
    } catch (const FatalError&) {
      roles_.clear();  // a named column is not on this line: not the header
    }
    if (std::any_of(roles_.begin(), roles_.end(), [](ColumnRole r) {
          return r == ColumnRole::kPhone || r == ColumnRole::kEmail || r == ColumnRole::kUid;
        })) {
      header_at = scan;
      header_names = names;
      header_delim = delim;
      break;
    }
    // Next physical line.
    uint64_t next = end;
    if (next + width_ <= in_.end()) {
      bool cr = UnitAt(next) == '\r';
      bool crlf = cr && next + 2 * width_ <= in_.end() && UnitAt(next + width_) == '\n';
      next += (crlf ? 2 : 1) * width_;
    }
    scan = next;
    ++line_index;
  }

  delimiter_ = header_delim;
  if (options_.no_header) {
    FindColumns(first_names);
    header_ = first_names;
  } else {
    if (!header_at) {
      std::string seen;
      for (const std::string& n : first_names) {
        seen += (seen.empty() ? "" : ", ") + std::string(Trim(n));
      }
      ThrowUsage(
          fmt::format("{}: no phone, e-mail or UID column found; columns seen: {}; name them with "
                      "--phone-columns, --email-columns or --uid-column, or use --no-header",
                      display_, seen.empty() ? "(none)" : seen));
    }
    // Preamble lines and the header line become the output prefix.
    line_ = static_cast<uint64_t>(line_index) + 1;
    std::string_view preamble = in_.View(pos_, *header_at);
    prefix_.append(preamble.data(), preamble.size());
    pos_ = *header_at;
    Record header;
    ReadRecord(&header);
    if (header.unterminated) {
      // Its quote would swallow every record into the header, which every
      // output (native too) starts with.
      ThrowUsage(fmt::format("{}:{}: quoted field in the header line not closed", display_,
                             line_index + 1));
    }
    if (header.oversized) {
      ThrowUsage(
          fmt::format("{}:{}: header line longer than --max-card-size", display_, line_index + 1));
    }
    prefix_ += header.raw;
    if (!header.has_break) prefix_ += header.crlf ? "\r\n" : "\n";
    header_ = header_names;
    FindColumns(header_);
  }
  bool any_phone = std::count(roles_.begin(), roles_.end(), ColumnRole::kPhone) > 0;
  bool any_email = std::count(roles_.begin(), roles_.end(), ColumnRole::kEmail) > 0;
  bool any_uid = std::count(roles_.begin(), roles_.end(), ColumnRole::kUid) > 0;
  if (!any_phone && !any_email && !any_uid) {
    ThrowUsage(
        fmt::format("{}: no key column: name them with --phone-columns, --email-columns "
                    "or --uid-column",
                    display_));
  }
  // A last record without a line break gets the header's kind of break.
  const std::string crlf = LineBreak(true);
  header_crlf_ = prefix_.size() >= crlf.size() &&
                 prefix_.compare(prefix_.size() - crlf.size(), crlf.size(), crlf) == 0;
  std::string joined;
  for (const std::string& n : header_) joined += Utf8Lower(Trim(n)) + "|";
  if (Contains(joined, " - value|")) {
    dialect_ = "google";
  } else if (Contains(joined, "e-mail-adresse|") || Contains(joined, "vorname|")) {
    dialect_ = "outlook-de";
  } else if (Contains(joined, "e-mail address|")) {
    dialect_ = "outlook";
  } else if (Contains(joined, "primary email|")) {
    dialect_ = "thunderbird";
  }
}

std::string CsvBookReader::LineBreak(bool crlf) const {
  std::string ascii = crlf ? "\r\n" : "\n";
  if (width_ == 1) return ascii;
  std::string out;
  for (char c : ascii) {
    if (encoding_ == Encoding::kUtf16Le) {
      out += c;
      out += '\0';
    } else {
      out += '\0';
      out += c;
    }
  }
  return out;
}

bool CsvBookReader::Next(Chunk* chunk) {
  chunk->Clear();
  Record rec;
  if (!ReadRecord(&rec)) return false;
  chunk->line = rec.line;
  chunk->crlf = rec.crlf || (!rec.has_break && header_crlf_);
  chunk->missing_newline = !rec.has_break;
  auto reject = [&](ChunkKind kind, std::string problem) {
    chunk->kind = kind;
    chunk->problem = std::move(problem);
    reporter_->Warn(display_, rec.line, chunk->problem);
  };
  if (rec.oversized) {
    reject(ChunkKind::kOversized, "record larger than --max-card-size");
    return true;
  }
  chunk->raw = std::move(rec.raw);
  if (rec.unterminated) {
    reject(ChunkKind::kMalformed, "quoted field not closed before the end of the file");
    return true;
  }
  if (rec.dangling) {
    reject(ChunkKind::kMalformed, "the file ends in the middle of a UTF-16 character");
    return true;
  }
  std::vector<std::string> fields(rec.fields.size());
  bool all_empty = true;
  for (size_t i = 0; i < rec.fields.size(); ++i) {
    if (!Decode(rec.fields[i], &fields[i])) {
      reject(ChunkKind::kMalformed,
             fmt::format("field {} is not valid {}", i + 1, encoding_name()));
      return true;
    }
    if (fields[i].find('\0') != std::string::npos) {
      reject(ChunkKind::kMalformed, fmt::format("field {} holds a NUL byte", i + 1));
      return true;
    }
    all_empty = all_empty && Trim(fields[i]).empty();
  }
  chunk->people.emplace_back();
  Person& p = chunk->people.back();
  p.line = rec.line;
  if (all_empty) return true;  // an all-empty row: a record with no keys
  size_t n = fields.size(), m = header_.size();
  bool trailing_ok =
      (n == m + 1 && Trim(fields.back()).empty()) || (n + 1 == m && Trim(header_.back()).empty());
  if (n != m && !trailing_ok) {
    chunk->people.clear();
    reject(ChunkKind::kMalformed, fmt::format("record has {} fields, the header has {}", n, m));
    return true;
  }
  chunk->fields = fields;
  std::string first, middle, last;
  for (size_t i = 0; i < std::min(n, m); ++i) {
    switch (roles_[i]) {
      case ColumnRole::kPhone:
        for (std::string& v : SplitMultiValue(fields[i])) {
          p.tels.push_back(std::move(v));
          p.tel_lines.push_back(rec.line);
        }
        break;
      case ColumnRole::kEmail:
        // An address holds no ',' or ';': a cell may list several.
        for (const std::string& v : SplitMultiValue(fields[i])) {
          for (std::string& one : SplitCellValues(v)) p.emails.push_back(std::move(one));
        }
        break;
      case ColumnRole::kUid:
        if (!Trim(fields[i]).empty()) p.uids.emplace_back(Trim(fields[i]));
        break;
      case ColumnRole::kFullName:
        if (p.fn.empty()) p.fn = std::string(Trim(fields[i]));
        break;
      case ColumnRole::kFirstName:
        first = std::string(Trim(fields[i]));
        break;
      case ColumnRole::kMiddleName:
        middle = std::string(Trim(fields[i]));
        break;
      case ColumnRole::kLastName:
        last = std::string(Trim(fields[i]));
        break;
      case ColumnRole::kOther:
        break;
    }
  }
  for (const std::string* part : {&first, &middle, &last}) {
    if (!part->empty()) p.n += (p.n.empty() ? "" : " ") + *part;
  }
  return true;
}

}  // namespace vcsplit
