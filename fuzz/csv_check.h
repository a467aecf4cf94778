// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The properties the CSV book reader must keep on any input, shared by the
// libFuzzer target and the regression tests: the output prefix and the
// records' bytes (oversized ones through the overflow sink) put together
// are the input, byte for byte; key extraction never fails; a header
// without key columns is a clean usage error, nothing else; and the
// records, their kinds and the decisions are the same however the reads
// are cut.

#ifndef VCSPLIT_FUZZ_CSV_CHECK_H_
#define VCSPLIT_FUZZ_CSV_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "csv/csv_book.h"
#include "fuzz_util.h"
#include "phone/keys.h"
#include "split/decide.h"
#include "vcsplit/error.h"

namespace vcsplit {

// `no_header`: read with --no-header --phone-columns 1 --email-columns 2
// --uid-column 3 instead of detecting the header. Returns an empty string
// when all properties hold, else what broke.
// Reads `data` handed out `step` bytes at a time; checks that the records
// add up to the input and records each in `*trace`.
inline std::string TraceCsvInput(std::string_view data, bool no_header, size_t max_record_size,
                                 size_t step, std::vector<ChunkTrace>* trace) {
  ChunkedSource source(data, step);
  NullReporter quiet;
  CsvBookOptions options;
  options.max_record_size = max_record_size;
  if (no_header) {
    options.no_header = true;
    options.phone_columns = {"1"};
    options.email_columns = {"2"};
    options.uid_column = "3";
  }
  CsvBookReader reader(&source, "fuzz", &quiet, options);
  try {
    reader.Start();
  } catch (const FatalError& e) {
    if (e.code() != kExitUsage) return std::string("unexpected error: ") + e.what();
    return "";  // no key column found, or a header line too long: a usage error
  }
  const BookDescription& described = reader.description();
  const bool utf16 = described.encoding.rfind("utf-16", 0) == 0;
  // Bytes the reader may drop: the line breaks of blank lines (and, in an
  // input of blank lines only, their spaces and tabs).
  auto droppable = [&](std::string_view bytes) {
    for (char c : bytes) {
      bool ok = c == '\r' || c == '\n' || (utf16 && c == '\0') ||
                (described.empty && (c == ' ' || c == '\t'));
      if (!ok) return false;
    }
    return true;
  };
  const std::string& prefix = reader.OutputPrefix();
  size_t pos = prefix.size();
  if (data.substr(0, prefix.size()) != prefix) {
    // A header that ends the input without a line break gets one, in the
    // input's encoding, so that records can follow it in the outputs.
    std::string with_break = std::string(data) + reader.LineBreak(false);
    if (prefix != with_break) return "the output prefix is not the start of the input";
    pos = data.size();
  }
  std::string overflow;
  reader.SetOverflowSink([&overflow](std::string_view b) { overflow.append(b); });
  PhoneNormalizer phones("DE");
  SharedKeys no_shared;
  Chunk chunk;
  size_t count = 0;
  while (reader.Next(&chunk)) {
    if (++count > data.size() + 1) return "more records than bytes";
    std::string_view bytes = chunk.raw;
    if (chunk.kind == ChunkKind::kOversized) {
      if (!chunk.raw.empty()) return "oversized record kept its bytes";
      bytes = overflow;
    } else if (chunk.raw.empty()) {
      return "empty record";
    }
    // Pass 2 cuts the input where pass 1 said the record is.
    if (chunk.kind != ChunkKind::kOversized &&
        (chunk.offset > data.size() || data.substr(chunk.offset, chunk.size) != chunk.raw ||
         chunk.size != chunk.raw.size())) {
      return "record offset and size do not name its bytes";
    }
    size_t at = data.find(bytes, pos);
    if (at == std::string_view::npos) return "a record is not a slice of the input after the last";
    if (!droppable(data.substr(pos, at - pos))) return "bytes other than blank lines were skipped";
    pos = at + bytes.size();
    if (chunk.readable() && chunk.people.size() != 1) return "a record is not one person";
    std::vector<std::vector<Key>> keys;
    for (const Person& p : chunk.people) keys.push_back(PersonKeys(p, &phones, "fuzz", &quiet));
    Decision d = DecideChunk(chunk, keys, FuzzLedger(), no_shared, UnknownPolicy::kSecondary);
    trace->push_back({chunk.kind, std::string(bytes), chunk.line, chunk.missing_newline, chunk.crlf,
                      chunk.people.size(), d.output, d.reason});
    overflow.clear();
  }
  if (pos < data.size() && !droppable(data.substr(pos))) return "input bytes were dropped";
  return "";
}

// Returns an empty string when all properties hold, else what broke.
inline std::string CheckCsvInput(std::string_view data, bool no_header,
                                 size_t max_record_size = 4096) {
  std::vector<ChunkTrace> first;
  for (size_t step : kReadSteps) {
    std::vector<ChunkTrace> trace;
    std::string problem = TraceCsvInput(data, no_header, max_record_size, step, &trace);
    if (!problem.empty()) {
      return problem + " (reading " + std::to_string(step) + " bytes at a time)";
    }
    if (step == kReadSteps[0]) {
      first = std::move(trace);
    } else if (trace != first) {
      return "records or decisions differ between reading 1 and " + std::to_string(step) +
             " bytes at a time";
    }
  }
  return "";
}

}  // namespace vcsplit

#endif  // VCSPLIT_FUZZ_CSV_CHECK_H_
