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

bool CsvParser::Next(CsvRecord* record) {
  record->fields.clear();
  record->unterminated = false;
  if (pos_ >= data_.size()) return false;
  record->begin = pos_;
  record->line = line_;
  std::string field;
  bool in_quotes = false;
  bool field_started_quoted = false;
  auto end_field = [&] {
    record->fields.push_back(std::move(field));
    field.clear();
    field_started_quoted = false;
  };
  while (pos_ < data_.size()) {
    char c = data_[pos_];
    if (in_quotes) {
      if (c == '"') {
        if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '"') {
          field += '"';
          pos_ += 2;
          continue;
        }
        in_quotes = false;
        ++pos_;
        continue;
      }
      if (c == '\r' || c == '\n') {
        // Count the line break; keep it in the field as written.
        if (c == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n') {
          field += "\r\n";
          pos_ += 2;
        } else {
          field += c;
          ++pos_;
        }
        ++line_;
        continue;
      }
      field += c;
      ++pos_;
      continue;
    }
    if (c == '"' && field.empty() && !field_started_quoted) {
      in_quotes = true;
      field_started_quoted = true;
      ++pos_;
      continue;
    }
    if (c == delim_) {
      end_field();
      ++pos_;
      continue;
    }
    if (c == '\r' || c == '\n') {
      pos_ +=
          (c == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n') ? size_t{2} : size_t{1};
      ++line_;
      end_field();
      record->end = pos_;
      return true;
    }
    field += c;
    ++pos_;
  }
  record->unterminated = in_quotes;
  end_field();
  record->end = pos_;
  return true;
}

bool IsEmptyRecord(const CsvRecord& record) {
  for (const std::string& f : record.fields) {
    if (!Trim(f).empty()) return false;
  }
  return true;
}

}  // namespace vcsplit
