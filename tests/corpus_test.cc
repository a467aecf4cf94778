// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Splits every file of the real-world vCard corpus (../shared/corpus/vcard,
// beside the project) twice, with an empty ledger and with one that grants
// every number, e-mail and UID of the file, and checks that nothing is lost,
// changed or reordered, and that each file gives the number of cards and
// rejected chunks established by reading it (tests/data/vcard_corpus_counts.tsv).

#include <map>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "phone/keys.h"
#include "test_util.h"
#include "vcard/vcard_reader.h"

namespace vcsplit {
namespace {

using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::TempDir;
using test::WriteFile;

const std::string kCorpus = "../shared/corpus/vcard";

struct Expected {
  int chunks = 0;
  int rejected = 0;
};

std::map<std::string, Expected> LoadTable() {
  std::map<std::string, Expected> table;
  std::istringstream in(ReadFile(test::SourcePath("tests/data/vcard_corpus_counts.tsv")));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string path, total, cards, rejected;
    std::getline(fields, path, '\t');
    std::getline(fields, total, '\t');
    std::getline(fields, cards, '\t');
    std::getline(fields, rejected, '\t');
    table[path] = {std::stoi(total), std::stoi(rejected)};
  }
  return table;
}

// Files that are vCard text, by rule: jCard (.json), xCard (.xml), plain text
// (.txt) and the corpus' own notes (.md) are not.
bool IsVcardText(const std::string& name) {
  for (const char* skip : {".json", ".xml", ".txt", ".md"}) {
    std::string s = skip;
    if (name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  std::string root = test::SourcePath(kCorpus);
  for (const std::string& project : test::ListDir(root)) {
    for (const std::string& name : test::ListDir(root + "/" + project)) {
      if (IsVcardText(name)) files.push_back(project + "/" + name);
    }
  }
  return files;
}

// Byte offset of the start of each line, with the reader's line breaks (CR,
// LF, CRLF, CR CR LF).
std::vector<size_t> LineStarts(const std::string& data) {
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '\n') {
      starts.push_back(i + 1);
    } else if (data[i] == '\r') {
      if (i + 1 < data.size() && data[i + 1] == '\n') {
        ++i;
      } else if (i + 2 < data.size() && data[i + 1] == '\r' && data[i + 2] == '\n') {
        i += 2;
      }
      starts.push_back(i + 1);
    }
  }
  return starts;
}

bool IsBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// Removes whole blank lines from the end of `chunk`.
std::string StripTrailingBlankLines(const std::string& chunk) {
  std::vector<size_t> starts = LineStarts(chunk);
  size_t end = chunk.size();
  for (size_t k = starts.size(); k-- > 0;) {
    if (starts[k] >= end) continue;
    if (!IsBlank(chunk.substr(starts[k], end - starts[k]))) break;
    end = starts[k];
  }
  return chunk.substr(0, end);
}

// A ledger that grants every key the library finds in `data`.
std::string GrantEverything(const std::string& data) {
  StringSource src(data);
  NullReporter quiet;
  VcardReader reader(&src, "corpus", &quiet);
  PhoneNormalizer phones("DE");
  std::string ledger = "timestamp,status,phone,email,uid\n";
  auto quote = [](const std::string& v) {
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  Chunk chunk;
  while (reader.Next(&chunk)) {
    for (const Person& p : chunk.people) {
      for (const Key& k : PersonKeys(p, &phones, "corpus", &quiet)) {
        if (k.type == KeyType::kPhone) ledger += "2024-01-01,given," + quote(k.value) + ",,\n";
        // A cell may list several e-mails separated by , ; |: skip the odd
        // address that holds one of those.
        if (k.type == KeyType::kEmail && k.value.find_first_of(",;|\r\n") == std::string::npos) {
          ledger += "2024-01-01,given,," + quote(k.value) + ",\n";
        }
        if (k.type == KeyType::kUid && k.value.find_first_of("\r\n") == std::string::npos) {
          ledger += "2024-01-01,given,,," + quote(k.value) + "\n";
        }
      }
    }
  }
  return ledger;
}

// Checks that the outputs are the input's chunks, in order, unchanged.
void CheckLossless(const std::string& data, const nlohmann::json& cards, const std::string& dir) {
  std::map<std::string, std::string> outputs = {{"native", ReadFile(dir + "/native.vcf")},
                                                {"secondary", ReadFile(dir + "/secondary.vcf")},
                                                {"rejects", ReadFile(dir + "/rejects.vcf")}};
  std::map<std::string, size_t> pos;
  std::vector<size_t> starts = LineStarts(data);
  bool bom = data.compare(0, 3, "\xEF\xBB\xBF") == 0;
  size_t covered = bom ? 3 : 0;
  for (size_t i = 0; i < cards.size(); ++i) {
    size_t line = cards[i]["line"].get<size_t>();
    REQUIRE(line >= 1);
    REQUIRE(line <= starts.size());
    size_t begin = starts[line - 1];
    if (bom && line == 1) begin = 3;
    size_t end =
        i + 1 < cards.size() ? starts[cards[i + 1]["line"].get<size_t>() - 1] : data.size();
    REQUIRE(begin >= covered);                              // input order, no overlap
    CHECK(IsBlank(data.substr(covered, begin - covered)));  // only blank lines are dropped
    std::string chunk = StripTrailingBlankLines(data.substr(begin, end - begin));
    covered = begin + chunk.size();
    std::string& out = outputs[cards[i]["output"].get<std::string>()];
    size_t& p = pos[cards[i]["output"].get<std::string>()];
    INFO("card " << i << " at line " << line);
    REQUIRE(out.compare(p, chunk.size(), chunk) == 0);
    p += chunk.size();
    if (i + 1 == cards.size() && !chunk.empty() && chunk.back() != '\n' && chunk.back() != '\r') {
      // The last chunk had no line break; the output adds one.
      if (out.compare(p, 2, "\r\n") == 0) {
        p += 2;
      } else if (out.compare(p, 1, "\n") == 0) {
        p += 1;
      }
    }
  }
  CHECK(IsBlank(data.substr(covered)));
  for (auto& [name, out] : outputs) {
    INFO(name);
    CHECK(pos[name] == out.size());  // nothing else in any output
  }
}

TEST_CASE("corpus: every real-world vCard file splits losslessly with the expected counts",
          "[corpus]") {
  std::string root = test::SourcePath(kCorpus);
  INFO("the corpus must be at " << root << " (../shared beside the project)");
  REQUIRE(test::Exists(root));
  std::map<std::string, Expected> table = LoadTable();
  std::vector<std::string> files = CorpusFiles();
  REQUIRE(files.size() == table.size());
  size_t total_cards = 0;
  for (const std::string& rel : files) {
    INFO(rel);
    REQUIRE(table.count(rel) == 1);
    std::string path = root + "/" + rel;
    std::string data = ReadFile(path);
    TempDir dir;
    WriteFile(dir / "empty.csv", "timestamp,status,phone,email,uid\n");
    WriteFile(dir / "all.csv", GrantEverything(data));
    // A file without a single readable card is refused (SPEC §2.1 "No
    // cards, no run"); --allow-empty lets it through to check the rest.
    bool no_cards = table[rel].chunks == table[rel].rejected;
    if (no_cards) {
      RunResult refused = RunVcsplit({"split", "-q", "-l", "empty.csv", path}, dir.path());
      CHECK(refused.exit_code == 2);
      CHECK(refused.err == "vcsplit: " + path + ": no cards found; nothing was written\n");
      CHECK_FALSE(test::Exists(dir / "rejects.vcf"));
    }
    for (const char* ledger : {"empty.csv", "all.csv"}) {
      INFO(ledger);
      std::vector<std::string> args = {"split",         "-q", "-l", ledger, "--report", "r.json",
                                       "--report-cards"};
      if (no_cards) args.push_back("--allow-empty");
      args.push_back(path);
      RunResult r = RunVcsplit(args, dir.path());
      REQUIRE(r.exit_code == 0);
      auto report = nlohmann::json::parse(ReadFile(dir / "r.json"));
      const auto& counts = report["counts"];
      CHECK(counts["native"].get<int>() + counts["secondary"].get<int>() +
                counts["rejected"].get<int>() ==
            counts["cards"].get<int>());
      CHECK(counts["cards"].get<int>() == table[rel].chunks);
      CHECK(counts["rejected"].get<int>() == table[rel].rejected);
      CheckLossless(data, report["cards"], dir.path());
      for (const auto& card : report["cards"]) {
        if (std::string(ledger) == "empty.csv") {
          CHECK(card["output"] != "native");
        } else {
          CHECK(card["reason"] != "no-ledger-entry");
        }
      }
    }
    total_cards += static_cast<size_t>(table[rel].chunks);
  }
  CHECK(total_cards > 700);  // gammu's phone export alone has 499
}

}  // namespace
}  // namespace vcsplit
