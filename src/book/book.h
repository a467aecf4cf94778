// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Opening an address book of either format (SPEC §2.1): standard input is
// spooled so it can be read twice, the format is detected by name or
// content, and a reader of the right kind is made for each pass.

#ifndef VCSPLIT_BOOK_H_
#define VCSPLIT_BOOK_H_

#include <memory>
#include <optional>
#include <string>

#include "book/chunk_reader.h"
#include "csv/csv_book.h"
#include "io/source.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

struct Book {
  std::string path;     // as given ("-" for standard input)
  std::string display;  // "<stdin>" for "-"
  std::string format;   // "vcard" or "csv"
  std::unique_ptr<FileSource> source;
};

// Opens `path` ("-": standard input, spooled). `format` overrides detection.
// Throws FatalError(kExitUsage) when the file cannot be opened.
Book OpenBook(const std::string& path, const std::optional<std::string>& format);

// By name (.vcf/.vcard, .csv/.tsv), else a BEGIN:VCARD line within the
// first 64 KiB. Leaves `source` rewound.
std::string DetectFormat(const std::string& path, FileSource* source);

// A reader of `format` over `source`; a CSV reader has read its header.
std::unique_ptr<ChunkReader> MakeBookReader(const std::string& format, ByteSource* source,
                                            const std::string& display, Reporter* reporter,
                                            CsvBookOptions csv, size_t max_card_size);

}  // namespace vcsplit

#endif  // VCSPLIT_BOOK_H_
