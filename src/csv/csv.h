// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// RFC 4180 as found in the wild: quoted fields with embedded CR/LF/CRLF,
// `""` escapes, empty fields quoted or bare, CR, LF or CRLF between records,
// in 8-bit text or UTF-16. CsvScanner is the one CSV parser: the address-book
// reader streams records through it, the ledger reads its rows with it.
// Each record keeps the byte span it came from, so a caller can copy it
// unchanged.

#ifndef VCSPLIT_CSV_CSV_H_
#define VCSPLIT_CSV_CSV_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "io/input_buffer.h"

namespace vcsplit {

// How a CSV text is encoded (SPEC §3.2). The field bytes a scanner gives are
// still in this encoding; DecodeCsv turns them into UTF-8.
enum class CsvEncoding { kUtf8, kWindows1252, kUtf16Le, kUtf16Be };

const char* CsvEncodingName(CsvEncoding encoding);  // "utf-8", "windows-1252", ...
// Bytes per code unit: 2 for UTF-16, else 1.
size_t CodeUnitWidth(CsvEncoding encoding);
// A line break (CRLF or LF) in `encoding`.
std::string CsvLineBreak(CsvEncoding encoding, bool crlf);
// `bytes` in UTF-8; false when they are not valid in `encoding`.
bool DecodeCsv(CsvEncoding encoding, std::string_view bytes, std::string* utf8);

struct CsvRecord {
  std::vector<std::string> fields;  // unquoted, in the input encoding (empty when oversized)
  uint64_t begin = 0;               // input offset of its first byte
  uint64_t end = 0;                 // input offset after its line break
  uint64_t line = 0;                // 1-based line of its first byte
  bool unterminated = false;        // the input ended inside a quoted field
  bool dangling = false;            // ends in half a UTF-16 code unit (the input's last byte)
  bool has_break = false;           // ends in a line break
  bool crlf = false;                // that line break is CRLF
  bool oversized = false;           // longer than the limit: its bytes went to the overflow
};

// Picks the delimiter among `candidates` that occurs most often outside
// quotes in `line` (the header, in UTF-8); the first candidate on a tie or
// none.
char DetectDelimiter(std::string_view line, std::string_view candidates);

class CsvScanner {
 public:
  // Reads records from `in` (which must outlive the scanner) from offset
  // `pos`, where line `line` starts.
  CsvScanner(InputBuffer* in, CsvEncoding encoding, char delimiter, uint64_t pos = 0,
             uint64_t line = 1)
      : in_(in),
        encoding_(encoding),
        width_(CodeUnitWidth(encoding)),
        delim_(delimiter),
        pos_(pos),
        line_(line) {}

  // Lines with no bytes at all before their line break are not records:
  // skipped (and counted as lines) when set (SPEC §3.2).
  void SkipBlankLines(bool skip) { skip_blank_ = skip; }

  // A record longer than `max_bytes` is handed to `overflow` as it is read
  // (its fields are not kept), and comes back with `oversized` set. The
  // scanner releases the bytes of each record from `in` once it is read.
  void LimitRecordSize(size_t max_bytes, std::function<void(std::string_view)> overflow) {
    max_bytes_ = max_bytes;
    overflow_ = std::move(overflow);
  }

  // Reads the next record. Returns false at the end of input.
  bool Next(CsvRecord* record);

  // The code unit at input offset `at` (held by the buffer).
  unsigned UnitAt(uint64_t at) const;

  uint64_t pos() const { return pos_; }
  // The line the next record starts on (1-based).
  uint64_t line() const { return line_; }

 private:
  void Consume(size_t bytes, CsvRecord* record);
  // Bytes from `at` (held; a byte that is none of `stops`) up to the first
  // of `stops` or the end of what is held (UTF-8 and Windows-1252 only).
  size_t RunLength(uint64_t at, std::string_view stops) const;
  void HandOver();  // bytes of an oversized record read so far, to the overflow

  InputBuffer* in_;
  CsvEncoding encoding_;
  size_t width_;
  char delim_;
  uint64_t pos_;
  uint64_t line_;
  bool skip_blank_ = false;
  size_t max_bytes_ = SIZE_MAX;
  std::function<void(std::string_view)> overflow_;
};

// Every record of `text`, an 8-bit CSV text held in memory (blank lines are
// records of one empty field).
std::vector<CsvRecord> ParseCsvText(std::string_view text, char delimiter);

// True when every field is empty or white space.
bool IsEmptyRecord(const CsvRecord& record);

}  // namespace vcsplit

#endif  // VCSPLIT_CSV_CSV_H_
