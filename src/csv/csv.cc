// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "csv/csv.h"

#include "util/text.h"

namespace vcsplit {

char DetectDelimiter(std::string_view line, std::string_view candidates) {
  char best = candidates.empty() ? ',' : candidates[0];
  size_t best_count = 0;
  for (char c : candidates) {
    size_t count = 0;
    bool in_quotes = false;
    for (char x : line) {
      if (x == '"') in_quotes = !in_quotes;
      if (x == c && !in_quotes) ++count;
    }
    if (count > best_count) {
      best = c;
      best_count = count;
    }
  }
  return best;
}

const char* CsvEncodingName(CsvEncoding encoding) {
  switch (encoding) {
    case CsvEncoding::kUtf8:
      return "utf-8";
    case CsvEncoding::kWindows1252:
      return "windows-1252";
    case CsvEncoding::kUtf16Le:
      return "utf-16le";
    case CsvEncoding::kUtf16Be:
      return "utf-16be";
  }
  return "?";
}

size_t CodeUnitWidth(CsvEncoding encoding) {
  return encoding == CsvEncoding::kUtf16Le || encoding == CsvEncoding::kUtf16Be ? 2 : 1;
}

std::string CsvLineBreak(CsvEncoding encoding, bool crlf) {
  std::string ascii = crlf ? "\r\n" : "\n";
  if (CodeUnitWidth(encoding) == 1) return ascii;
  std::string out;
  for (char c : ascii) {
    if (encoding == CsvEncoding::kUtf16Le) {
      out += c;
      out += '\0';
    } else {
      out += '\0';
      out += c;
    }
  }
  return out;
}

bool DecodeCsv(CsvEncoding encoding, std::string_view bytes, std::string* utf8) {
  switch (encoding) {
    case CsvEncoding::kUtf8:
      if (!IsValidUtf8(bytes)) return false;
      utf8->assign(bytes.data(), bytes.size());
      return true;
    case CsvEncoding::kWindows1252:
      return ToUtf8(bytes, "windows-1252", utf8);
    case CsvEncoding::kUtf16Le:
      return ToUtf8(bytes, "UTF-16LE", utf8);
    case CsvEncoding::kUtf16Be:
      return ToUtf8(bytes, "UTF-16BE", utf8);
  }
  return false;
}

unsigned CsvScanner::UnitAt(uint64_t at) const {
  if (width_ == 1) return in_->At(at);
  unsigned first = in_->At(at), second = in_->At(at + 1);
  return encoding_ == CsvEncoding::kUtf16Le ? first | (second << 8) : second | (first << 8);
}

size_t CsvScanner::RunLength(uint64_t at, std::string_view stops) const {
  const char* p = in_->Data(at);
  size_t held = static_cast<size_t>(in_->end() - at);
  size_t n = 1;  // the byte at `at` is not one of `stops`
  while (n < held && stops.find(p[n]) == std::string_view::npos) ++n;
  return n;
}

void CsvScanner::Consume(size_t bytes, CsvRecord* rec) {
  pos_ += bytes;
  if (!rec->oversized && pos_ - rec->begin > max_bytes_) {
    rec->oversized = true;
    rec->fields.clear();
  }
  // An oversized record is handed over as it is read, not held.
  if (rec->oversized && pos_ - in_->mark() >= InputBuffer::kBlockSize) HandOver();
}

void CsvScanner::HandOver() {
  if (overflow_ && pos_ > in_->mark()) overflow_(in_->View(in_->mark(), pos_));
  in_->Release(pos_);
}

bool CsvScanner::Next(CsvRecord* rec) {
  rec->fields.clear();
  rec->unterminated = rec->has_break = rec->crlf = rec->oversized = rec->dangling = false;
  in_->Release(pos_);
  if (skip_blank_) {
    // A line break with nothing before it ends no record.
    while (in_->FillTo(pos_ + width_)) {
      unsigned u = UnitAt(pos_);
      if (u != '\r' && u != '\n') break;
      bool crlf = u == '\r' && in_->FillTo(pos_ + 2 * width_) && UnitAt(pos_ + width_) == '\n';
      pos_ += (crlf ? 2 : 1) * width_;
      ++line_;
      in_->Release(pos_);
    }
  }
  rec->line = line_;
  rec->begin = pos_;
  // Past the last whole code unit only a dangling byte of UTF-16 may be
  // left; it becomes part of a record below, so no input byte is lost.
  if (!in_->FillTo(pos_ + width_) && in_->end() == pos_) return false;
  std::string field;
  bool in_quotes = false, at_start = true;
  auto keep = [&](size_t units) {
    if (!rec->oversized) field.append(in_->Data(pos_), units * width_);
  };
  auto end_field = [&] {
    if (!rec->oversized) rec->fields.push_back(std::move(field));
    field.clear();
    at_start = true;
  };
  for (;;) {
    if (!in_->FillTo(pos_ + width_)) {  // end of input inside the record
      if (in_->end() > pos_) {          // half a UTF-16 code unit
        rec->dangling = true;
        Consume(static_cast<size_t>(in_->end() - pos_), rec);
      }
      rec->unterminated = in_quotes;
      break;
    }
    bool has_next = in_->FillTo(pos_ + 2 * width_);
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
      // The quoted text up to the next quote or line break, at once.
      size_t n = width_ == 1 ? RunLength(pos_, "\"\r\n") : 1;
      keep(n);
      Consume(n * width_, rec);
      continue;
    }
    if (u == '"' && at_start) {
      in_quotes = true;
      at_start = false;
      Consume(width_, rec);
      continue;
    }
    if (u == static_cast<unsigned char>(delim_)) {
      end_field();
      Consume(width_, rec);
      continue;
    }
    if (u == '\r' || u == '\n') {
      size_t n = (u == '\r' && has_next && next == '\n') ? 2 : 1;
      rec->crlf = n == 2;
      Consume(n * width_, rec);
      ++line_;
      rec->has_break = true;
      break;
    }
    // The unquoted text up to the next delimiter or line break, at once (a
    // quote inside it is text).
    const char stops[] = {delim_, '\r', '\n', '\0'};
    size_t n = width_ == 1 ? RunLength(pos_, std::string_view(stops, 3)) : 1;
    keep(n);
    at_start = false;
    Consume(n * width_, rec);
  }
  end_field();
  rec->end = pos_;
  if (rec->oversized) HandOver();
  return true;
}

std::vector<CsvRecord> ParseCsvText(std::string_view text, char delimiter) {
  InputBuffer in(text);
  CsvScanner scanner(&in, CsvEncoding::kUtf8, delimiter);
  std::vector<CsvRecord> out;
  CsvRecord record;
  while (scanner.Next(&record)) out.push_back(record);
  return out;
}

bool IsEmptyRecord(const CsvRecord& record) {
  for (const std::string& f : record.fields) {
    if (!Trim(f).empty()) return false;
  }
  return true;
}

}  // namespace vcsplit
