// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// What the split needs from a reader of any address-book format: chunks in
// input order (a card, a CSV record, or text that is neither), the bytes
// every output must start with (a CSV file's preamble and header), a sink
// for the bytes of chunks too large to hold, and what the reader found out
// about its input (format, encoding, the columns of a CSV header).

#ifndef VCSPLIT_BOOK_CHUNK_READER_H_
#define VCSPLIT_BOOK_CHUNK_READER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "book/card.h"
#include "csv/csv_columns.h"

namespace vcsplit {

enum class BookFormat { kVcard, kCsv };

const char* BookFormatName(BookFormat format);  // "vcard", "csv"
std::optional<BookFormat> ParseBookFormat(std::string_view name);

// What a reader found out about its input, once it has started.
struct BookDescription {
  BookFormat format = BookFormat::kVcard;
  std::string encoding;                         // CSV: utf-8, windows-1252, utf-16le, utf-16be
  std::shared_ptr<const CsvColumnMap> columns;  // CSV: the header's columns; else null
  bool empty = false;                           // nothing but blank lines (CSV: no header)

  // CSV: google, outlook, outlook-de, thunderbird or generic; else empty.
  std::string dialect() const { return columns ? columns->dialect() : std::string(); }
};

class ChunkReader {
 public:
  virtual ~ChunkReader() = default;
  // Fills `*chunk`; false at the end of input. Throws FatalError on a read
  // error.
  virtual bool Next(Chunk* chunk) = 0;
  // Bytes of a chunk larger than the limit go here as they are read; the
  // chunk then comes back as kOversized with an empty `raw`.
  virtual void SetOverflowSink(std::function<void(std::string_view)> sink) = 0;
  // With false, chunks come without `raw` (offset and size still say where
  // their bytes are): for a pass that only needs the keys.
  void KeepBytes(bool keep) { keep_bytes_ = keep; }
  // Written at the start of every output: empty for vCard, the preamble and
  // header line for CSV.
  virtual const std::string& OutputPrefix() const = 0;
  // A line break in the input's encoding, for the outputs to add after a last
  // chunk that has none.
  virtual std::string LineBreak(bool crlf) const { return crlf ? "\r\n" : "\n"; }
  virtual const BookDescription& description() const = 0;

 protected:
  bool keep_bytes_ = true;
};

}  // namespace vcsplit

#endif  // VCSPLIT_BOOK_CHUNK_READER_H_
