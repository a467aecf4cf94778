// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// A streaming reader for CSV address books (SPEC §3.2): Google, Outlook
// (English and German), Thunderbird and generic exports. It finds the header
// line (after an optional preamble such as LinkedIn's), the delimiter, the
// encoding and the key columns, then yields one chunk per record with the
// record's raw bytes unchanged; the fields are decoded (UTF-8, Windows-1252
// or UTF-16) only to read keys and names. Memory is bounded by the largest
// record. Not thread-safe.

#ifndef VCSPLIT_CSV_BOOK_H_
#define VCSPLIT_CSV_BOOK_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "book/chunk_reader.h"
#include "io/input_buffer.h"
#include "io/source.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

struct CsvBookOptions {
  bool no_header = false;                  // --no-header: columns are named 1, 2, 3, ...
  std::vector<std::string> phone_columns;  // --phone-columns: replace detection of phones
  std::vector<std::string> email_columns;  // --email-columns: replace detection of e-mails
  std::optional<std::string> uid_column;   // --uid-column
  size_t max_record_size = size_t{64} << 20;
};

// What a header column holds, by its name (case-insensitive), for the
// dialects of SPEC §3.2 and generic exports.
enum class ColumnRole {
  kOther,
  kPhone,
  kEmail,
  kUid,
  kFullName,
  kFirstName,
  kMiddleName,
  kLastName
};
ColumnRole ClassifyColumn(const std::string& header_name);

// The values of a cell that joins several with " ::: " (Google), trimmed,
// empty ones dropped.
std::vector<std::string> SplitMultiValue(const std::string& cell);

class CsvBookReader : public ChunkReader {
 public:
  CsvBookReader(ByteSource* source, std::string display, Reporter* reporter,
                CsvBookOptions options);

  // Reads the preamble and the header and finds the key columns. Throws
  // FatalError(kExitUsage) naming the columns seen when there is none.
  void Start();

  bool Next(Chunk* chunk) override;
  void SetOverflowSink(std::function<void(std::string_view)> sink) override {
    overflow_sink_ = std::move(sink);
  }
  // The BOM, preamble and header line, as written.
  const std::string& OutputPrefix() const override { return prefix_; }
  // In UTF-16 a line break is two code units of two bytes each.
  std::string LineBreak(bool crlf) const override;

  const std::vector<std::string>& header() const { return header_; }
  const std::string& dialect() const { return dialect_; }
  const char* encoding_name() const;

 private:
  enum class Encoding { kUtf8, kWindows1252, kUtf16Le, kUtf16Be };

  struct Record {
    uint64_t start = 0;  // input offset of its first byte
    std::string raw;
    std::vector<std::string> fields;  // unquoted, still in the input encoding
    uint64_t line = 0;
    bool unterminated = false;
    bool dangling = false;  // ends in half a UTF-16 code unit (the input's last byte)
    bool has_break = false;
    bool crlf = false;
    bool oversized = false;
  };

  unsigned UnitAt(uint64_t at) const;  // the code unit at input offset `at` (held)
  bool ReadRecord(Record* rec);
  void Consume(size_t bytes, Record* rec);
  void HandOver();  // bytes of an oversized record, read so far, to the overflow sink
  bool Decode(const std::string& bytes, std::string* utf8) const;
  void FindColumns(const std::vector<std::string>& names);

  std::string display_;
  Reporter* reporter_;
  CsvBookOptions options_;
  std::function<void(std::string_view)> overflow_sink_;

  InputBuffer in_;
  uint64_t pos_ = 0;  // input offset of the next byte to read
  uint64_t line_ = 1;
  Encoding encoding_ = Encoding::kUtf8;
  size_t width_ = 1;          // bytes per code unit
  bool header_crlf_ = false;  // the prefix ends in CRLF (in the input's encoding)
  char delimiter_ = ',';
  std::string prefix_;
  std::vector<std::string> header_;
  std::string dialect_ = "generic";
  std::vector<ColumnRole> roles_;
};

}  // namespace vcsplit

#endif  // VCSPLIT_CSV_BOOK_H_
