// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "csv/csv_book.h"

#include <algorithm>

#include <fmt/format.h>

#include "ledger/ledger.h"
#include "util/text.h"
#include "vcsplit/error.h"

namespace vcsplit {

namespace {

constexpr size_t kHeaderSearchBytes = size_t{64} * 1024;  // a preamble must end within this
constexpr int kHeaderSearchLines = 64;
// A preamble sentence is no column name, even when it mentions e-mail.
constexpr size_t kMaxColumnName = 48;

// The fields of one line of UTF-8 text.
std::vector<std::string> FieldsOf(const std::string& text, char delimiter) {
  InputBuffer in(text);
  CsvScanner scanner(&in, CsvEncoding::kUtf8, delimiter);
  CsvRecord record;
  if (!scanner.Next(&record)) return {};
  return record.fields;
}

}  // namespace

CsvBookReader::CsvBookReader(ByteSource* source, std::string display, Reporter* reporter,
                             CsvBookOptions options)
    : display_(std::move(display)), reporter_(reporter), options_(std::move(options)), in_(source) {
  description_.format = BookFormat::kCsv;
}

void CsvBookReader::SetOverflowSink(std::function<void(std::string_view)> sink) {
  overflow_sink_ = std::move(sink);
  if (scanner_) scanner_->LimitRecordSize(options_.max_record_size, overflow_sink_);
}

void CsvBookReader::Start() {
  DetectEncoding();
  description_.encoding = CsvEncodingName(encoding_);
  if (OnlyBlankLines()) {
    description_.empty = true;
    return;
  }
  ReadHeader(FindHeader());
}

void CsvBookReader::DetectEncoding() {
  in_.FillTo(kHeaderSearchBytes);
  std::string_view start = in_.View(0, in_.end());
  if (start.substr(0, 3) == "\xEF\xBB\xBF") {
    prefix_ = start.substr(0, 3);
  } else if (start.substr(0, 2) == "\xFF\xFE") {
    encoding_ = CsvEncoding::kUtf16Le;
    prefix_ = start.substr(0, 2);
  } else if (start.substr(0, 2) == "\xFE\xFF") {
    encoding_ = CsvEncoding::kUtf16Be;
    prefix_ = start.substr(0, 2);
  } else {
    // Windows-1252 when the start is not valid UTF-8 (a sequence cut at the
    // end of the peek does not count).
    size_t cut = start.size();
    for (size_t k = 0; k < 3 && cut > 0; ++k) {
      unsigned char c = static_cast<unsigned char>(start[cut - 1]);
      if ((c & 0xC0) == 0x80 || c >= 0xC0) {
        --cut;
      } else {
        break;
      }
    }
    if (!IsValidUtf8(start.substr(0, cut))) encoding_ = CsvEncoding::kWindows1252;
  }
  pos_ = prefix_.size();
}

bool CsvBookReader::OnlyBlankLines() {
  CsvScanner scan(&in_, encoding_, ',', pos_);
  const size_t width = CodeUnitWidth(encoding_);
  for (uint64_t at = pos_;; at += width) {
    if (!in_.FillTo(at + width)) return true;
    unsigned u = scan.UnitAt(at);
    if (u != '\r' && u != '\n' && u != ' ' && u != '\t') return false;
  }
}

CsvBookReader::Header CsvBookReader::FindHeader() {
  Header header;
  const size_t width = CodeUnitWidth(encoding_);
  CsvScanner units(&in_, encoding_, ',', pos_);
  uint64_t scan = pos_;
  for (int index = 0; scan < in_.end() && index < kHeaderSearchLines; ++index) {
    uint64_t end = scan;
    for (;;) {
      if (end + width > in_.end()) {
        // A long line (a header of many columns) may go past what was read.
        if (in_.at_eof()) break;
        if (in_.end() - pos_ >= options_.max_record_size) {
          ThrowUsage(fmt::format("{}:{}: line longer than --max-card-size before the header ended",
                                 display_, index + 1));
        }
        in_.FillTo(in_.end() + InputBuffer::kBlockSize);
        continue;
      }
      unsigned u = units.UnitAt(end);
      if (u == '\r' || u == '\n') break;
      end += width;
    }
    std::string text;
    DecodeCsv(encoding_, in_.View(scan, end), &text);
    char delimiter = DetectDelimiter(text, ",;\t");
    std::vector<std::string> names = FieldsOf(text, delimiter);
    if (index == 0) {
      header.first_names = names;
      header.delimiter = delimiter;
    }
    if (options_.no_header) break;
    for (std::string& n : names) {
      if (Trim(n).size() > kMaxColumnName) n.clear();
    }
    CsvColumnMap trial;
    if (!CsvColumnMap::Build(names, options_, &trial) && trial.HasKeyColumn()) {
      header.at = scan;
      header.names = names;
      header.delimiter = delimiter;
      header.line = static_cast<uint64_t>(index) + 1;
      break;
    }
    // Next physical line.
    uint64_t next = end;
    if (next + width <= in_.end()) {
      bool crlf = units.UnitAt(next) == '\r' && next + 2 * width <= in_.end() &&
                  units.UnitAt(next + width) == '\n';
      next += (crlf ? 2 : 1) * width;
    }
    scan = next;
  }
  return header;
}

void CsvBookReader::ReadHeader(const Header& header) {
  auto columns = std::make_shared<CsvColumnMap>();
  uint64_t records_at = pos_;
  uint64_t line = 1;
  if (options_.no_header) {
    if (std::optional<std::string> missing =
            CsvColumnMap::Build(header.first_names, options_, columns.get())) {
      ThrowUsage(fmt::format("{}: no column named '{}'", display_, *missing));
    }
  } else {
    if (!header.at) {
      std::string seen;
      for (const std::string& n : header.first_names) {
        seen += (seen.empty() ? "" : ", ") + std::string(Trim(n));
      }
      if (header.first_names.size() <= 1) {
        // Not a table at all (an error page saved under the export's name).
        ThrowUsage(fmt::format("{}: no cards found; nothing was written", display_));
      }
      ThrowUsage(
          fmt::format("{}: no phone, e-mail or UID column found; columns seen: {}; name them with "
                      "--phone-columns, --email-columns or --uid-column, or use --no-header",
                      display_, seen.empty() ? "(none)" : seen));
    }
    // Preamble lines and the header line become the output prefix.
    std::string_view preamble = in_.View(pos_, *header.at);
    prefix_.append(preamble.data(), preamble.size());
    CsvScanner scanner(&in_, encoding_, header.delimiter, *header.at, header.line);
    scanner.LimitRecordSize(options_.max_record_size, nullptr);
    CsvRecord record;
    scanner.Next(&record);
    if (record.unterminated) {
      // Its quote would swallow every record into the header, which every
      // output (native too) starts with.
      ThrowUsage(
          fmt::format("{}:{}: quoted field in the header line not closed", display_, header.line));
    }
    if (record.oversized) {
      ThrowUsage(
          fmt::format("{}:{}: header line longer than --max-card-size", display_, header.line));
    }
    std::string_view bytes = in_.View(record.begin, record.end);
    prefix_.append(bytes.data(), bytes.size());
    // A header that ends the input still ends in a line break, so that
    // records can follow it in the outputs.
    if (!record.has_break) prefix_ += CsvLineBreak(encoding_, false);
    CsvColumnMap::Build(header.names, options_, columns.get());
    records_at = record.end;
    line = scanner.line();
  }
  if (!columns->HasKeyColumn()) {
    ThrowUsage(
        fmt::format("{}: no key column: name them with --phone-columns, --email-columns "
                    "or --uid-column",
                    display_));
  }
  // A last record without a line break gets the header's kind of break.
  const std::string crlf = CsvLineBreak(encoding_, true);
  header_crlf_ = prefix_.size() >= crlf.size() &&
                 prefix_.compare(prefix_.size() - crlf.size(), crlf.size(), crlf) == 0;
  scanner_ = std::make_unique<CsvScanner>(&in_, encoding_, header.delimiter, records_at, line);
  scanner_->SkipBlankLines(true);
  scanner_->LimitRecordSize(options_.max_record_size, overflow_sink_);
  columns_ = columns;
  description_.columns = columns;
}

bool CsvBookReader::Next(Chunk* chunk) {
  chunk->Clear();
  if (!scanner_) return false;  // an input of blank lines only
  CsvRecord record;
  if (!scanner_->Next(&record)) return false;
  MakeRecord(record, chunk);
  return true;
}

namespace {

// The keys and names of one well-formed record, by the header's columns.
void FillPerson(const std::vector<std::string>& fields, const CsvColumnMap& columns, Person* p) {
  std::string first, middle, last;
  for (size_t i = 0; i < std::min(fields.size(), columns.size()); ++i) {
    std::string_view cell = Trim(fields[i]);
    switch (columns[i].role) {
      case ColumnRole::kPhone:
        for (std::string& v : SplitMultiValue(fields[i])) {
          p->tels.push_back(std::move(v));
          p->tel_lines.push_back(p->line);
        }
        break;
      case ColumnRole::kEmail:
        // An address holds no ',' or ';': a cell may list several.
        for (const std::string& v : SplitMultiValue(fields[i])) {
          for (std::string& one : SplitCellValues(v)) p->emails.push_back(std::move(one));
        }
        break;
      case ColumnRole::kUid:
        if (!cell.empty()) p->uids.emplace_back(cell);
        break;
      case ColumnRole::kFullName:
        if (p->fn.empty()) p->fn = std::string(cell);
        break;
      case ColumnRole::kFirstName:
        first = std::string(cell);
        break;
      case ColumnRole::kMiddleName:
        middle = std::string(cell);
        break;
      case ColumnRole::kLastName:
        last = std::string(cell);
        break;
      case ColumnRole::kOther:
        break;
    }
  }
  for (const std::string* part : {&first, &middle, &last}) {
    if (!part->empty()) p->n += (p->n.empty() ? "" : " ") + *part;
  }
}

}  // namespace

std::string CsvBookReader::DecodeFields(const CsvRecord& rec, std::vector<std::string>* fields) {
  fields->resize(rec.fields.size());
  for (size_t i = 0; i < rec.fields.size(); ++i) {
    if (!DecodeCsv(encoding_, rec.fields[i], &(*fields)[i])) {
      return fmt::format("field {} is not valid {}", i + 1, CsvEncodingName(encoding_));
    }
    if ((*fields)[i].find('\0') != std::string::npos) {
      return fmt::format("field {} holds a NUL byte", i + 1);
    }
  }
  return "";
}

void CsvBookReader::MakeRecord(const CsvRecord& rec, Chunk* chunk) {
  chunk->line = rec.line;
  chunk->offset = rec.begin;
  chunk->size = rec.end - rec.begin;
  chunk->crlf = rec.crlf || (!rec.has_break && header_crlf_);
  chunk->missing_newline = !rec.has_break;
  auto reject = [&](ChunkKind kind, std::string problem) {
    chunk->kind = kind;
    chunk->problem = std::move(problem);
    chunk->people.clear();
    chunk->fields.clear();
    reporter_->Warn(display_, rec.line, chunk->problem);
  };
  if (rec.oversized) return reject(ChunkKind::kOversized, "record larger than --max-card-size");
  if (keep_bytes_) {
    std::string_view raw = in_.View(rec.begin, rec.end);
    chunk->raw.assign(raw.data(), raw.size());
  }
  if (rec.unterminated) {
    return reject(ChunkKind::kMalformed, "quoted field not closed before the end of the file");
  }
  if (rec.dangling) {
    return reject(ChunkKind::kMalformed, "the file ends in the middle of a UTF-16 character");
  }
  std::vector<std::string>& fields = chunk->fields;
  std::string problem = DecodeFields(rec, &fields);
  if (!problem.empty()) return reject(ChunkKind::kMalformed, problem);
  chunk->AddPerson().line = rec.line;
  if (std::all_of(fields.begin(), fields.end(),
                  [](const std::string& f) { return Trim(f).empty(); })) {
    fields.clear();  // an all-empty row: a record with no keys
    return;
  }
  const CsvColumnMap& columns = *columns_;
  size_t n = fields.size(), m = columns.size();
  bool trailing_ok =
      (n == m + 1 && Trim(fields.back()).empty()) || (n + 1 == m && columns[m - 1].name.empty());
  if (n != m && !trailing_ok) {
    return reject(ChunkKind::kMalformed,
                  fmt::format("record has {} fields, the header has {}", n, m));
  }
  FillPerson(fields, columns, &chunk->people.back());
}

}  // namespace vcsplit
