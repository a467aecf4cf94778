// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "book/book.h"

#include "util/text.h"
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
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find_first_of("\r\n", pos);
    std::string_view line(head.data() + pos, (eol == std::string::npos ? head.size() : eol) - pos);
    std::string_view t = Trim(line);
    if (t.size() >= 3 && t.substr(0, 3) == "\xEF\xBB\xBF") t = Trim(t.substr(3));
    size_t colon = t.find(':');
    if (colon != std::string_view::npos) {
      std::string_view name = Trim(t.substr(0, colon));
      size_t dot = name.rfind('.');
      if (dot != std::string_view::npos) name = name.substr(dot + 1);
      if (EqualsIgnoreCase(name, "BEGIN") && EqualsIgnoreCase(Trim(t.substr(colon + 1)), "VCARD")) {
        return "vcard";
      }
    }
    if (eol == std::string::npos) break;
    pos = eol + 1;
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
