// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// One output book of a split. Chunks are written byte for byte, with the
// line break a last card or record lacks added in its input's encoding
// (CRLF when its first line ends in CRLF, SPEC §2.1); or, for native and
// secondary under --to vcard, converted to vCard 3.0 (§3.3), where every
// card ends in exactly one CRLF.

#ifndef VCSPLIT_SPLIT_BOOK_SINK_H_
#define VCSPLIT_SPLIT_BOOK_SINK_H_

#include <memory>
#include <string>
#include <string_view>

#include "book/chunk_reader.h"
#include "io/output.h"

namespace vcsplit {

class BookSink {
 public:
  // `out` must outlive the sink. `convert`: write vCard 3.0.
  BookSink(AtomicOutput* out, bool convert) : out_(out), convert_(convert) {}

  // What the output starts with (a CSV header; nothing when converting).
  void Begin(std::string_view prefix);
  // The chunks that follow come from `reader`'s input.
  void StartInput(const ChunkReader& reader);
  void Put(const Chunk& chunk);
  // Bytes of an oversized chunk, as they are read (rejects only).
  void PutBytes(std::string_view bytes) { out_->Write(bytes); }

 private:
  AtomicOutput* out_;
  bool convert_;
  BookFormat format_ = BookFormat::kVcard;
  std::shared_ptr<const CsvColumnMap> columns_;
  std::string crlf_ = "\r\n", lf_ = "\n";  // in the input's encoding
};

}  // namespace vcsplit

#endif  // VCSPLIT_SPLIT_BOOK_SINK_H_
