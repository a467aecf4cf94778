// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/log_reader.h"

#include <fmt/format.h>

#include "vcsplit/error.h"

namespace vcsplit {

ReaderTraits ReaderTraits::Of(const ChunkReader& reader) {
  ReaderTraits t;
  t.description = reader.description();
  t.prefix = reader.OutputPrefix();
  t.crlf = reader.LineBreak(true);
  t.lf = reader.LineBreak(false);
  return t;
}

LogReader::LogReader(ByteSource* source, std::string display, const CardLog* log,
                     ReaderTraits traits)
    : in_(source), display_(std::move(display)), cursor_(log), traits_(std::move(traits)) {}

bool LogReader::Next(Chunk* chunk) {
  chunk->Clear();
  if (!cursor_.Next(&entry_)) {
    // Read the rest, so that the caller's hash covers the whole input.
    while (in_.FillTo(in_.end() + InputBuffer::kBlockSize)) in_.Release(in_.end());
    return false;
  }
  const uint64_t end = entry_.offset + entry_.size;
  if (entry_.offset < in_.mark() || !in_.FillTo(end)) {
    ThrowUsage(fmt::format("{}: changed while it was being read; nothing was written", display_));
  }
  chunk->kind = entry_.kind;
  chunk->line = entry_.line;
  chunk->offset = entry_.offset;
  chunk->size = entry_.size;
  chunk->missing_newline = entry_.missing_newline;
  chunk->crlf = entry_.crlf;
  std::string_view bytes = in_.View(entry_.offset, end);
  chunk->raw.assign(bytes.data(), bytes.size());
  in_.Release(end);
  return true;
}

}  // namespace vcsplit
