// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Opening an address book of either format (SPEC §2.1): standard input is
// spooled so it can be read twice, the format is detected by name or
// content, and a reader of the right kind is made for each pass.

#ifndef VCSPLIT_BOOK_BOOK_H_
#define VCSPLIT_BOOK_BOOK_H_

#include <memory>
#include <optional>
#include <string>

#include "book/chunk_reader.h"
#include "csv/csv_book.h"
#include "io/source.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

// How books are read, shared by every command that reads them (split,
// check, diff, ledger init, publish).
struct BookOptions {
  std::optional<BookFormat> format;            // --input-format; detected when unset
  CsvBookOptions csv;                          // key columns and header of CSV books
  size_t max_card_size = kDefaultMaxCardSize;  // --max-card-size
};

struct Book {
  std::string path;     // as given ("-" for standard input)
  std::string display;  // "<stdin>" for "-"
  BookFormat format = BookFormat::kVcard;
  std::unique_ptr<FileSource> source;

  // A reader over `source` (or `via`, a source that reads `source`, such as
  // one hashing the bytes); a CSV reader has read its header. Throws
  // FatalError(kExitUsage) for a CSV header without key columns.
  std::unique_ptr<ChunkReader> MakeReader(const BookOptions& options, Reporter* reporter,
                                          ByteSource* via = nullptr) const;
};

// Opens `path` ("-": standard input, spooled). `format` overrides detection.
// Throws FatalError(kExitUsage) when the file cannot be opened.
Book OpenBook(const std::string& path, std::optional<BookFormat> format);

// By name (.vcf/.vcard, .csv/.tsv), else a BEGIN:VCARD line within the
// first 64 KiB. Leaves `source` rewound.
BookFormat DetectFormat(const std::string& path, FileSource* source);

}  // namespace vcsplit

#endif  // VCSPLIT_BOOK_BOOK_H_
