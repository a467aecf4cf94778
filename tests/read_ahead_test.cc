// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// ReadAhead must be invisible: the same chunks, diagnostics, overflow bytes
// and errors in the same order as a plain loop over the reader.

#include "split/read_ahead.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "test_util.h"
#include "vcard/vcard_reader.h"
#include "vcsplit/error.h"

namespace vcsplit {
namespace {

using test::TempDir;
using test::WriteFile;

// Everything a consumer could observe, in order, as one string.
class Log : public Reporter {
 public:
  void Report(const Diagnostic& d) override { text += "diag " + FormatDiagnostic(d) + "\n"; }
  std::string text;
};

// Cards with warnings (lines without a colon), junk, oversized cards whose
// bytes go to the overflow sink, and an unterminated card at the end.
std::string MixedBook() {
  std::string book;
  for (int i = 0; i < 3000; ++i) {
    book += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person " + std::to_string(i) + "\r\n";
    if (i % 7 == 0) book += "no colon here\r\n";
    if (i % 500 == 250) book += "NOTE:" + std::string(5000, 'x') + "\r\n";
    book += "TEL:+49 30 " + std::to_string(100000 + i) + "\r\nEND:VCARD\r\n";
    if (i % 900 == 0) book += "junk between cards\r\n";
  }
  book += "BEGIN:VCARD\r\nFN:Unfinished\r\n";
  return book;
}

std::string Observe(const std::string& path, bool ahead_mode) {
  Log log;
  FileSource source(path, "book.vcf");
  auto sink = [&log](std::string_view bytes) {
    log.text += "overflow " + std::string(bytes) + "\n";
  };
  auto record = [&log](const Chunk& c, uint64_t offset) {
    log.text += "chunk " + std::to_string(static_cast<int>(c.kind)) + " line " +
                std::to_string(c.line) + " at " + std::to_string(offset) + ": " + c.raw + "\n";
  };
  Chunk chunk;
  if (!ahead_mode) {
    VcardReader reader(&source, "book.vcf", &log, 1000);
    reader.SetOverflowSink(sink);
    while (reader.Next(&chunk)) record(chunk, source.offset());
    return log.text;
  }
  ReadAhead ahead(&log);
  auto reader = std::make_unique<VcardReader>(&source, "book.vcf", ahead.reader_reporter(), 1000);
  reader->SetOverflowSink(ahead.OrderedSink(sink));
  ahead.Start(std::move(reader), &source);
  while (ahead.Next(&chunk)) record(chunk, ahead.offset());
  CHECK_FALSE(ahead.Next(&chunk));  // stays at the end
  return log.text;
}

TEST_CASE("read ahead: the same chunks, diagnostics and overflow bytes in the same order",
          "[read_ahead]") {
  TempDir dir;
  WriteFile(dir / "book.vcf", MixedBook());
  std::string plain = Observe(dir / "book.vcf", false);
  CHECK(plain.find("overflow ") != std::string::npos);
  CHECK(plain.find("diag ") != std::string::npos);
  for (int i = 0; i < 5; ++i) CHECK(Observe(dir / "book.vcf", true) == plain);
}

// A reader that gives `good` chunks, reports a warning, then fails.
class FailingReader : public ChunkReader {
 public:
  FailingReader(Reporter* reporter, int good) : reporter_(reporter), good_(good) {}
  bool Next(Chunk* chunk) override {
    chunk->Clear();
    if (n_ == good_) {
      reporter_->Warn("book.vcf", 99, "about to fail");
      throw FatalError(kExitUsage, "book.vcf: Input/output error");
    }
    chunk->raw = "card " + std::to_string(n_++);
    return true;
  }
  void SetOverflowSink(std::function<void(std::string_view)>) override {}
  const std::string& OutputPrefix() const override { return prefix_; }
  const BookDescription& description() const override { return description_; }

 private:
  Reporter* reporter_;
  BookDescription description_;
  int good_;
  int n_ = 0;
  std::string prefix_;
};

TEST_CASE("read ahead: a reader's error comes out after the chunks before it", "[read_ahead]") {
  TempDir dir;
  WriteFile(dir / "book.vcf", "x");
  FileSource source(dir / "book.vcf", "book.vcf");
  Log log;
  ReadAhead ahead(&log);
  ahead.Start(std::make_unique<FailingReader>(ahead.reader_reporter(), 1000), &source);
  Chunk chunk;
  int seen = 0;
  try {
    while (ahead.Next(&chunk)) {
      CHECK(chunk.raw == "card " + std::to_string(seen));
      ++seen;
    }
    FAIL("no error");
  } catch (const FatalError& e) {
    CHECK(std::string(e.what()) == "book.vcf: Input/output error");
  }
  CHECK(seen == 1000);
  CHECK(log.text == "diag book.vcf:99: about to fail\n");
  CHECK_FALSE(ahead.Next(&chunk));
}

TEST_CASE("read ahead: a caller that stops early does not wait for the whole input",
          "[read_ahead]") {
  TempDir dir;
  WriteFile(dir / "book.vcf", test::ManyCards(200000));
  FileSource source(dir / "book.vcf", "book.vcf");
  NullReporter quiet;
  {
    ReadAhead ahead(&quiet);
    ahead.Start(
        std::make_unique<VcardReader>(&source, "book.vcf", ahead.reader_reporter(), 1 << 20),
        &source);
    Chunk chunk;
    for (int i = 0; i < 10; ++i) REQUIRE(ahead.Next(&chunk));
  }  // stops the reading thread here
  // Bounded read-ahead: it stopped well before the end of the 20 MB file.
  CHECK(source.offset() < static_cast<uint64_t>(test::FileSize(dir / "book.vcf")) / 2);
}

}  // namespace
}  // namespace vcsplit
