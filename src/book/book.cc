// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "book/book.h"

#include "io/input_buffer.h"
#include "util/text.h"
#include "vcard/vcard_lines.h"
#include "vcard/vcard_reader.h"

namespace vcsplit {

namespace {

bool EndsWithIgnoreCase(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         EqualsIgnoreCase(std::string_view(s).substr(s.size() - suffix.size()), suffix);
}

}  // namespace

BookFormat DetectFormat(const std::string& path, FileSource* source) {
  if (EndsWithIgnoreCase(path, ".vcf") || EndsWithIgnoreCase(path, ".vcard")) {
    return BookFormat::kVcard;
  }
  if (EndsWithIgnoreCase(path, ".csv") || EndsWithIgnoreCase(path, ".tsv")) return BookFormat::kCsv;
  std::string head(size_t{64} * 1024, '\0');
  size_t got = 0;
  while (got < head.size()) {
    size_t n = source->Read(head.data() + got, head.size() - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  source->Rewind();
  InputBuffer in(head);
  VcardLineReader lines(&in);
  VcardLine line;
  while (lines.ReadPhysical(&line)) {
    std::string_view text = Trim(line.content);
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (IsVcardMarker(text, "BEGIN")) return BookFormat::kVcard;
  }
  return BookFormat::kCsv;
}

Book OpenBook(const std::string& path, std::optional<BookFormat> format) {
  Book book;
  book.path = path;
  if (path == "-") {
    book.display = "<stdin>";
    book.source = SpoolStdin();
  } else {
    book.display = path;
    book.source = std::make_unique<FileSource>(path, path);
  }
  book.format = format ? *format : DetectFormat(path, book.source.get());
  return book;
}

std::unique_ptr<ChunkReader> Book::MakeReader(const BookOptions& options, Reporter* reporter,
                                              ByteSource* via) const {
  ByteSource* bytes = via ? via : source.get();
  if (format == BookFormat::kCsv) {
    CsvBookOptions csv = options.csv;
    csv.max_record_size = options.max_card_size;
    auto reader = std::make_unique<CsvBookReader>(bytes, display, reporter, csv);
    reader->Start();
    return reader;
  }
  return std::make_unique<VcardReader>(bytes, display, reporter, options.max_card_size);
}

const char* BookFormatName(BookFormat format) {
  return format == BookFormat::kCsv ? "csv" : "vcard";
}

std::optional<BookFormat> ParseBookFormat(std::string_view name) {
  if (name == "vcard") return BookFormat::kVcard;
  if (name == "csv") return BookFormat::kCsv;
  return std::nullopt;
}

}  // namespace vcsplit
