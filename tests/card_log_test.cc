// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Pass 1's log and the reader that cuts an input by it: entries come back
// as written, and on every real-world book the log reader gives exactly the
// chunks the format's own reader gave.

#include "split/card_log.h"

#include <catch2/catch.hpp>

#include "book/book.h"
#include "ledger/key_index.h"
#include "split/log_reader.h"
#include "test_util.h"
#include "vcsplit/error.h"

namespace vcsplit {
namespace {

TEST_CASE("card log: entries come back as written", "[card-log]") {
  CardLog log;
  std::vector<LogEntry> written;
  LogEntry e;
  e.kind = ChunkKind::kCard;
  e.offset = 3;  // after a BOM
  e.size = 120;
  e.line = 1;
  e.crlf = true;
  e.people.resize(2);
  e.people[0].has_keys = true;
  e.people[0].ledger_keys = {0, 7, 4000000000u};
  e.people[1].parent = 0;
  e.people[1].unreadable = true;
  e.name = "Anna Müller";
  written.push_back(e);
  e.Clear();
  e.kind = ChunkKind::kJunk;
  e.offset = 123 + (uint64_t{1} << 40);  // a gap of a terabyte
  e.size = 5;
  e.line = 9;
  e.missing_newline = true;
  written.push_back(e);
  e.Clear();
  e.kind = ChunkKind::kOversized;
  e.offset = 200;  // before the previous entry's end
  e.size = uint64_t{1} << 33;
  e.line = 2;  // and an earlier line
  written.push_back(e);
  for (const LogEntry& w : written) log.Append(w);
  CHECK(log.entries() == 3);

  CardLog::Cursor cursor(&log);
  LogEntry r;
  for (const LogEntry& w : written) {
    REQUIRE(cursor.Next(&r));
    CHECK(r.kind == w.kind);
    CHECK(r.offset == w.offset);
    CHECK(r.size == w.size);
    CHECK(r.line == w.line);
    CHECK(r.missing_newline == w.missing_newline);
    CHECK(r.crlf == w.crlf);
    CHECK(r.name == w.name);
    REQUIRE(r.people.size() == w.people.size());
    for (size_t i = 0; i < w.people.size(); ++i) {
      CHECK(r.people[i].parent == w.people[i].parent);
      CHECK(r.people[i].unreadable == w.people[i].unreadable);
      CHECK(r.people[i].has_keys == w.people[i].has_keys);
      CHECK(r.people[i].ledger_keys == w.people[i].ledger_keys);
    }
  }
  CHECK_FALSE(cursor.Next(&r));
}

TEST_CASE("key index: keys are found by type and text, across growth", "[card-log]") {
  KeyIndex index;
  CHECK(index.Find(KeyType::kPhone, "+49301") == KeyIndex::kNone);
  const int n = 50000;  // grows the table several times
  for (int i = 0; i < n; ++i) {
    std::string text = "+4930" + std::to_string(i);
    CHECK(index.Insert(KeyType::kPhone, text) == static_cast<uint32_t>(i));
  }
  uint32_t mail = index.Insert(KeyType::kEmail, "+49300");  // same text, other type
  CHECK(mail == static_cast<uint32_t>(n));
  CHECK(index.Insert(KeyType::kPhone, "+49300") == 0);  // already there
  CHECK(index.size() == static_cast<uint32_t>(n + 1));
  for (int i = 0; i < n; i += 997) {
    std::string text = "+4930" + std::to_string(i);
    REQUIRE(index.Find(KeyType::kPhone, text) == static_cast<uint32_t>(i));
    CHECK(index.TextOf(static_cast<uint32_t>(i)) == text);
    CHECK(index.TypeOf(static_cast<uint32_t>(i)) == KeyType::kPhone);
  }
  CHECK(index.Find(KeyType::kEmail, "+49300") == mail);
  CHECK(index.Find(KeyType::kUid, "+49300") == KeyIndex::kNone);
  CHECK(index.Find(KeyType::kPhone, "+4930") == KeyIndex::kNone);
  CHECK(index.KeyOf(mail).ToString() == "email:+49300");
  // Reserving after the fact keeps every key.
  index.Reserve(200000, 1 << 20);
  CHECK(index.Find(KeyType::kPhone, "+4930" + std::to_string(n - 1)) ==
        static_cast<uint32_t>(n - 1));
}

// Reads `path` with its format's reader and then with a LogReader over the
// log of that reading; both must give the same chunks, byte for byte.
void CompareReaders(const std::string& path) {
  CAPTURE(path);
  NullReporter quiet;
  Book book = OpenBook(path, std::nullopt);
  std::unique_ptr<ChunkReader> reader;
  try {
    reader = book.MakeReader(BookOptions(), &quiet);
  } catch (const FatalError&) {
    return;  // a CSV file that is not a book (no key columns)
  }
  bool overflowed = false;
  reader->SetOverflowSink([&overflowed](std::string_view) { overflowed = true; });
  CardLog log;
  std::vector<Chunk> chunks;
  Chunk chunk;
  uint64_t end = 0;
  bool exact = true;
  while (reader->Next(&chunk)) {
    LogEntry e;
    e.kind = chunk.kind;
    e.offset = chunk.offset;
    e.size = chunk.size;
    e.line = chunk.line;
    e.missing_newline = chunk.missing_newline;
    e.crlf = chunk.crlf;
    exact = exact && chunk.kind != ChunkKind::kOversized && chunk.offset >= end;
    end = chunk.offset + chunk.size;
    log.Append(e);
    chunks.push_back(chunk);
  }
  REQUIRE(exact);
  REQUIRE_FALSE(overflowed);
  book.source->Rewind();
  LogReader again(book.source.get(), path, &log, ReaderTraits::Of(*reader));
  for (const Chunk& want : chunks) {
    REQUIRE(again.Next(&chunk));
    CHECK(chunk.kind == want.kind);
    CHECK(chunk.line == want.line);
    CHECK(chunk.missing_newline == want.missing_newline);
    CHECK(chunk.crlf == want.crlf);
    REQUIRE(chunk.raw == want.raw);
  }
  CHECK_FALSE(again.Next(&chunk));
  CHECK(again.OutputPrefix() == reader->OutputPrefix());
}

TEST_CASE("log reader: every corpus book is cut exactly where its reader cut it", "[card-log]") {
  size_t files = 0;
  for (const char* dir : {"../shared/corpus/vcard", "../shared/corpus/csv"}) {
    std::string root = test::SourcePath(dir);
    for (const std::string& project : test::ListDir(root)) {
      if (project.find('.') != std::string::npos) continue;  // SOURCES.md
      for (const std::string& name : test::ListDir(root + "/" + project)) {
        bool book = false;
        for (const char* ext : {".vcf", ".vcard", ".csv", ".tsv"}) {
          std::string e = ext;
          book = book ||
                 (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0);
        }
        if (!book) continue;
        CompareReaders(root + "/" + project + "/" + name);
        ++files;
      }
    }
  }
  for (const char* example :
       {"examples/contacts.vcf", "examples/contacts-google.csv", "examples/contacts-outlook-de.csv",
        "examples/contacts-thunderbird.csv"}) {
    CompareReaders(test::SourcePath(example));
    ++files;
  }
  CHECK(files > 50);
}

TEST_CASE("log reader: an input shorter than its log is an input error", "[card-log]") {
  test::TempDir dir;
  std::string path = dir / "short.vcf";
  test::WriteFile(path, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n");
  CardLog log;
  LogEntry e;
  e.offset = 0;
  e.size = 400;  // more bytes than the file holds
  e.line = 1;
  log.Append(e);
  FileSource source(path, path);
  LogReader reader(&source, path, &log, ReaderTraits());
  Chunk chunk;
  try {
    reader.Next(&chunk);
    FAIL("no error");
  } catch (const FatalError& error) {
    CHECK(error.code() == kExitUsage);
    CHECK(std::string(error.what()).find("changed while it was being read") != std::string::npos);
  }
}

}  // namespace
}  // namespace vcsplit
