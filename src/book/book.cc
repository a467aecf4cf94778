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

std::string DetectFormat(const std::string& path, FileSource* source) {
  if (EndsWithIgnoreCase(path, ".vcf") || EndsWithIgnoreCase(path, ".vcard")) return "vcard";
  if (EndsWithIgnoreCase(path, ".csv") || EndsWithIgnoreCase(path, ".tsv")) return "csv";
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
    if (IsVcardMarker(text, "BEGIN")) return "vcard";
  }
  return "csv";
}

Book OpenBook(const std::string& path, const std::optional<std::string>& format) {
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

std::unique_ptr<ChunkReader> MakeBookReader(const std::string& format, ByteSource* source,
                                            const std::string& display, Reporter* reporter,
                                            CsvBookOptions csv, size_t max_card_size) {
  if (format == "csv") {
    csv.max_record_size = max_card_size;
    auto reader = std::make_unique<CsvBookReader>(source, display, reporter, csv);
    reader->Start();
    return reader;
  }
  return std::make_unique<VcardReader>(source, display, reporter, max_card_size);
}

}  // namespace vcsplit
