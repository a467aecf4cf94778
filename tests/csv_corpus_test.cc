// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Splits every CSV export of ../shared/corpus/csv (beside the project) and
// checks record counts, the header at the top of every output, byte-identical
// records in input order, and that granting one known key sends exactly its
// record native (tests/data/csv_corpus_counts.tsv).

#include <map>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "csv/csv_book.h"
#include "test_util.h"

namespace vcsplit {
namespace {

using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::TempDir;
using test::WriteFile;

struct Row {
  std::string path, options, key_type, key, comment;
  int records = 0, rejected = 0, native = 0;
};

std::vector<Row> LoadRows() {
  std::vector<Row> rows;
  std::istringstream in(ReadFile(test::SourcePath("tests/data/csv_corpus_counts.tsv")));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::istringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, '\t')) f.push_back(cell);
    f.resize(8);
    rows.push_back(
        {f[0], f[3], f[4], f[5], f[7], std::stoi(f[1]), std::stoi(f[2]), std::stoi(f[6])});
  }
  return rows;
}

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

TEST_CASE("csv corpus: every real-world export splits losslessly with the right keys", "[corpus]") {
  std::string root = test::SourcePath("../shared/corpus/csv");
  INFO("the corpus must be at " << root << " (../shared beside the project)");
  REQUIRE(test::Exists(root));
  std::vector<Row> rows = LoadRows();
  REQUIRE(rows.size() == 31);
  for (const Row& row : rows) {
    INFO(row.path);
    std::string path = root + "/" + row.path;
    std::string data = ReadFile(path);
    TempDir dir;
    std::string ledger = "timestamp,status,phone,email\n";
    if (row.key_type == "phone") ledger += "2024-01-01,given,\"" + row.key + "\",\n";
    if (row.key_type == "email") ledger += "2024-01-01,given,,\"" + row.key + "\"\n";
    WriteFile(dir / "l.csv", ledger);
    std::vector<std::string> args = {"split",         "-q", "-l", "l.csv", "--report", "r.json",
                                     "--report-cards"};
    for (const std::string& w : Words(row.options)) args.push_back(w);
    // An export of which no record can be read is refused (SPEC §2.1 "No
    // cards, no run"); --allow-empty lets it through to check the rest.
    if (row.records == row.rejected) {
      std::vector<std::string> plain = args;
      plain.push_back(path);
      RunResult refused = RunVcsplit(plain, dir.path());
      CHECK(refused.exit_code == 2);
      CHECK(refused.err.find("vcsplit: " + path + ": no cards found; nothing was written\n") !=
            std::string::npos);
      CHECK_FALSE(test::Exists(dir / "native.csv"));
      args.push_back("--allow-empty");
    }
    args.push_back(path);
    RunResult r = RunVcsplit(args, dir.path());
    REQUIRE(r.exit_code == 0);
    auto report = nlohmann::json::parse(ReadFile(dir / "r.json"));
    CHECK(report["counts"]["cards"] == row.records);
    CHECK(report["counts"]["rejected"] == row.rejected);
    const auto& cards = report["cards"];
    int natives = 0;
    for (size_t i = 0; i < cards.size(); ++i) {
      if (cards[i]["output"] == "native") {
        ++natives;
        CHECK(static_cast<int>(i) + 1 == row.native);
      }
    }
    CHECK(natives == (row.native > 0 ? 1 : 0));

    // The reader's chunks, in order, make up the input after the header...
    StringSource src(data);
    NullReporter quiet;
    CsvBookOptions opts;
    std::vector<std::string> words = Words(row.options);
    for (size_t w = 0; w < words.size(); ++w) {
      if (words[w] == "--no-header") opts.no_header = true;
      if (words[w] == "--email-columns") opts.email_columns = {words[w + 1]};
    }
    CsvBookReader reader(&src, "x", &quiet, opts);
    reader.Start();
    std::string prefix = reader.OutputPrefix();
    REQUIRE(data.compare(0, prefix.size(), prefix) == 0);
    std::vector<std::string> chunks;
    Chunk c;
    while (reader.Next(&c))
      chunks.push_back(c.raw + (c.missing_newline ? (c.crlf ? "\r\n" : "\n") : ""));
    REQUIRE(chunks.size() == cards.size());
    std::string joined = prefix;
    for (const std::string& ch : chunks) joined += ch;
    CHECK(joined.compare(0, data.size(), data) == 0);
    CHECK(joined.size() <= data.size() + 2);
    // ...and each output is the header plus its records, unchanged, in order.
    std::map<std::string, std::string> expected = {
        {"native", prefix}, {"secondary", prefix}, {"rejects", prefix}};
    for (size_t i = 0; i < chunks.size(); ++i) expected[cards[i]["output"]] += chunks[i];
    CHECK(ReadFile(dir / "native.csv") == expected["native"]);
    CHECK(ReadFile(dir / "secondary.csv") == expected["secondary"]);
    CHECK(ReadFile(dir / "rejects.csv") == expected["rejects"]);
  }
}

}  // namespace
}  // namespace vcsplit
