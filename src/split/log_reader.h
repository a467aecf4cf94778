// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Pass 2's reader when pass 1 logged every chunk exactly: it cuts the input
// at the logged byte ranges without parsing it, so pass 2 costs a read, a
// hash and a copy. An input that turns out shorter than the log, or longer,
// was changed between the passes; the caller also compares the hashes.

#ifndef VCSPLIT_SPLIT_LOG_READER_H_
#define VCSPLIT_SPLIT_LOG_READER_H_

#include <string>

#include "book/chunk_reader.h"
#include "io/input_buffer.h"
#include "split/card_log.h"

namespace vcsplit {

// What pass 2's sinks need to know of an input's reader.
struct ReaderTraits {
  BookDescription description;
  std::string prefix;    // OutputPrefix()
  std::string crlf, lf;  // LineBreak(true), LineBreak(false)

  static ReaderTraits Of(const ChunkReader& reader);
};

class LogReader : public ChunkReader {
 public:
  // `source` and `log` must outlive the reader.
  LogReader(ByteSource* source, std::string display, const CardLog* log, ReaderTraits traits);

  // Throws FatalError(kExitUsage) when the input ends before a logged chunk.
  bool Next(Chunk* chunk) override;
  // Logged inputs have no oversized chunks.
  void SetOverflowSink(std::function<void(std::string_view)> /*sink*/) override {}
  const std::string& OutputPrefix() const override { return traits_.prefix; }
  std::string LineBreak(bool crlf) const override { return crlf ? traits_.crlf : traits_.lf; }
  const BookDescription& description() const override { return traits_.description; }

 private:
  InputBuffer in_;
  std::string display_;
  CardLog::Cursor cursor_;
  LogEntry entry_;
  ReaderTraits traits_;
};

}  // namespace vcsplit

#endif  // VCSPLIT_SPLIT_LOG_READER_H_
