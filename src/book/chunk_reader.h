// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// What the split needs from a reader of any address-book format: chunks in
// input order (a card, a CSV record, or text that is neither), the bytes
// every output must start with (a CSV file's preamble and header), and a sink
// for the bytes of chunks too large to hold.

#ifndef VCSPLIT_CHUNK_READER_H_
#define VCSPLIT_CHUNK_READER_H_

#include <functional>
#include <string>
#include <string_view>

#include "book/card.h"

namespace vcsplit {

class ChunkReader {
 public:
  virtual ~ChunkReader() = default;
  // Fills `*chunk`; false at the end of input. Throws FatalError on a read
  // error.
  virtual bool Next(Chunk* chunk) = 0;
  // Bytes of a chunk larger than the limit go here as they are read; the
  // chunk then comes back as kOversized with an empty `raw`.
  virtual void SetOverflowSink(std::function<void(std::string_view)> sink) = 0;
  // Written at the start of every output: empty for vCard, the preamble and
  // header line for CSV.
  virtual const std::string& OutputPrefix() const = 0;
  // A line break in the input's encoding, for the outputs to add after a last
  // chunk that has none.
  virtual std::string LineBreak(bool crlf) const { return crlf ? "\r\n" : "\n"; }
};

}  // namespace vcsplit

#endif  // VCSPLIT_CHUNK_READER_H_
