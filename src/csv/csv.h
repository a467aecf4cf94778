// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// RFC 4180 as found in the wild, over bytes held in memory: quoted fields with
// embedded CR/LF/CRLF, `""` escapes, empty fields quoted or bare, CR, LF or
// CRLF between records. Each record keeps the byte span it came from, so a
// caller can copy it unchanged.

#ifndef VCSPLIT_CSV_H_
#define VCSPLIT_CSV_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vcsplit {

struct CsvRecord {
  std::vector<std::string> fields;
  size_t begin = 0;           // byte offset of the record in the data
  size_t end = 0;             // byte offset after its line break
  uint64_t line = 0;          // 1-based line of its first byte
  bool unterminated = false;  // the data ended inside a quoted field
};

// Picks the delimiter among `candidates` that occurs most often outside
// quotes in `line` (the header); the first candidate on a tie or none.
char DetectDelimiter(std::string_view line, std::string_view candidates);

class CsvParser {
 public:
  // `data` must outlive the parser.
  CsvParser(std::string_view data, char delimiter) : data_(data), delim_(delimiter) {}

  // Fills `*record`; returns false at the end of the data.
  bool Next(CsvRecord* record);

 private:
  std::string_view data_;
  char delim_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
};

// True when every field is empty or white space.
bool IsEmptyRecord(const CsvRecord& record);

}  // namespace vcsplit

#endif  // VCSPLIT_CSV_H_
