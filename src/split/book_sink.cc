// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/book_sink.h"

#include "vcard/convert.h"

namespace vcsplit {

void BookSink::Begin(std::string_view prefix) {
  if (!convert_) out_->Write(prefix);
}

void BookSink::StartInput(const ChunkReader& reader) {
  format_ = reader.description().format;
  columns_ = reader.description().columns;
  crlf_ = reader.LineBreak(true);
  lf_ = reader.LineBreak(false);
}

void BookSink::Put(const Chunk& chunk) {
  if (convert_ && chunk.readable()) {
    out_->Write(format_ == BookFormat::kCsv ? CsvRecordToVcard(*columns_, chunk.fields)
                                            : VcardTo30(chunk.raw));
    return;
  }
  out_->Write(chunk.raw);
  if (chunk.missing_newline) out_->Write(chunk.crlf ? crlf_ : lf_);
}

}  // namespace vcsplit
