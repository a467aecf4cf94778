// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// A streaming reader for CSV address books (SPEC §3.2): Google, Outlook
// (English and German), Thunderbird and generic exports. Start() finds the
// encoding, the header line (after an optional preamble such as LinkedIn's),
// the delimiter and the key columns; then Next() yields one chunk per record
// with the record's raw bytes unchanged, the fields decoded (UTF-8,
// Windows-1252 or UTF-16) only to read keys and names. Blank lines are not
// records. Memory is bounded by the largest record. Not thread-safe.

#ifndef VCSPLIT_CSV_CSV_BOOK_H_
#define VCSPLIT_CSV_CSV_BOOK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "book/chunk_reader.h"
#include "csv/csv.h"
#include "csv/csv_columns.h"
#include "io/input_buffer.h"
#include "io/source.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

struct CsvBookOptions : KeyColumnOptions {
  size_t max_record_size = kDefaultMaxCardSize;
};

class CsvBookReader : public ChunkReader {
 public:
  // `source` and `reporter` must outlive the reader.
  CsvBookReader(ByteSource* source, std::string display, Reporter* reporter,
                CsvBookOptions options);

  // Reads the preamble and the header and finds the key columns. Throws
  // FatalError(kExitUsage) naming the columns seen when there is none. An
  // input of nothing but blank lines has no header and no records.
  void Start();

  bool Next(Chunk* chunk) override;
  void SetOverflowSink(std::function<void(std::string_view)> sink) override;
  // The BOM, preamble and header line, as written.
  const std::string& OutputPrefix() const override { return prefix_; }
  // In UTF-16 a line break is two code units of two bytes each.
  std::string LineBreak(bool crlf) const override { return CsvLineBreak(encoding_, crlf); }
  const BookDescription& description() const override { return description_; }

 private:
  // Where the header line is, and what it says.
  struct Header {
    std::optional<uint64_t> at;      // offset of the header line; nullopt: none found
    std::vector<std::string> names;  // its fields (UTF-8)
    char delimiter = ',';
    uint64_t line = 1;
    std::vector<std::string> first_names;  // the fields of the first line, for messages
  };

  void DetectEncoding();                  // BOM, UTF-16, else UTF-8 or Windows-1252
  bool OnlyBlankLines();                  // true when no record or header can follow
  Header FindHeader();                    // the first line with key columns, or the first line
  void ReadHeader(const Header& header);  // the output prefix, the column map
  void MakeRecord(const CsvRecord& record, Chunk* chunk);
  // The fields in UTF-8; the problem when one cannot be read, else empty.
  std::string DecodeFields(const CsvRecord& record, std::vector<std::string>* fields);

  std::string display_;
  Reporter* reporter_;
  CsvBookOptions options_;
  std::function<void(std::string_view)> overflow_sink_;

  InputBuffer in_;
  uint64_t pos_ = 0;  // input offset where the next step starts reading
  CsvEncoding encoding_ = CsvEncoding::kUtf8;
  std::unique_ptr<CsvScanner> scanner_;  // the records, once started
  bool header_crlf_ = false;             // the prefix ends in CRLF (in the input's encoding)
  std::string prefix_;
  std::shared_ptr<CsvColumnMap> columns_;
  BookDescription description_;
};

}  // namespace vcsplit

#endif  // VCSPLIT_CSV_CSV_BOOK_H_
