// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// RunSplit as a whole: on generated books, every chunk lands in exactly one
// output, unchanged and in input order (SPEC §2.1 "Nothing is lost",
// "Lossless").

#include "split/split.h"

#include <random>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

using test::ReadFile;
using test::TempDir;
using test::WriteFile;

// A random book: cards in several versions and line-break styles, some with
// keys in the ledger, some junk and truncated cards, blank lines between.
// Returns the book; `chunks` gets the expected chunks in order.
std::string MakeBook(std::mt19937* rng, std::vector<std::string>* chunks) {
  std::string book;
  const char* eols[] = {"\r\n", "\n", "\r"};
  bool need_card = false;  // after junk or a truncated card, only a BEGIN ends the chunk
  std::string prev_eol = "\n";
  for (int i = 0; i < 60; ++i) {
    std::string eol = eols[(*rng)() % 3];
    // A blank line, not data. It takes the previous line's style: CR followed
    // by CR LF would be read as one CR CR LF break, as SPEC 3.1 says.
    if ((*rng)() % 4 == 0) book += prev_eol;
    prev_eol = eol;
    int kind = static_cast<int>((*rng)() % 10);
    if (need_card && kind < 2) kind = 2 + kind;
    need_card = kind < 2;
    std::string chunk;
    if (kind == 0) {
      chunk = "junk line " + std::to_string(i) + eol;
    } else {
      chunk = "BEGIN:VCARD" + eol + "VERSION:" + (kind % 2 ? "3.0" : "2.1") + eol + "FN:P" +
              std::to_string((*rng)() % 20) + eol + "TEL:0171 " + std::to_string((*rng)() % 8) +
              eol;
      if (kind == 1) {
        chunks->push_back(chunk);
        book += chunk + eol;  // truncated: a blank line, then the next card
        continue;
      }
      chunk += "END:VCARD" + eol;
    }
    chunks->push_back(chunk);
    book += chunk;
  }
  return book;
}

TEST_CASE("split: every chunk lands once, unchanged, in input order", "[split]") {
  TempDir dir;
  WriteFile(dir / "l.csv",
            "timestamp,status,phone\n2024-01-01,given,0171 1\n2024-01-01,given,0171 2\n"
            "2024-01-01,refused,0171 3\n");
  std::mt19937 rng(20261128);
  for (int round = 0; round < 20; ++round) {
    std::vector<std::string> chunks;
    WriteFile(dir / "book.vcf", MakeBook(&rng, &chunks));
    SplitOptions o;
    o.inputs = {dir / "book.vcf"};
    o.ledgers = {dir / "l.csv"};
    o.as_of = "2026-01-01";
    o.out_dir = dir.path();
    o.report_cards = true;
    NullReporter quiet;
    SplitResult r = RunSplit(o, &quiet);
    REQUIRE(r.cards == chunks.size());
    REQUIRE(r.counts[0] + r.counts[1] + r.counts[2] == r.cards);
    // Replay: take each card's bytes from its output in report order.
    std::array<std::string, 3> outs = {ReadFile(dir / "native.vcf"),
                                       ReadFile(dir / "secondary.vcf"),
                                       ReadFile(dir / "rejects.vcf")};
    std::array<size_t, 3> pos{};
    for (size_t i = 0; i < chunks.size(); ++i) {
      size_t o_index = static_cast<size_t>(r.card_list[i].output);
      INFO("round " << round << " chunk " << i);
      REQUIRE(outs[o_index].compare(pos[o_index], chunks[i].size(), chunks[i]) == 0);
      pos[o_index] += chunks[i].size();
      bool rejected =
          chunks[i].rfind("junk", 0) == 0 || chunks[i].find("END:VCARD") == std::string::npos;
      CHECK(rejected == (r.card_list[i].output == Output::kRejects));
    }
    for (size_t k = 0; k < 3; ++k) CHECK(pos[k] == outs[k].size());
  }
}

TEST_CASE("split: the report renders every field of SPEC 5", "[split]") {
  SplitResult r;
  r.as_of = "2026-01-01T00:00:00";
  r.region = "DE";
  r.inputs.push_back({"a.vcf", BookFormat::kVcard, "", "", "abc", 2});
  r.wrote_outputs = true;
  r.cards = 2;
  r.counts = {1, 1, 0};
  r.reasons[static_cast<size_t>(Reason::kConsentGiven)] = 1;
  r.reasons[static_cast<size_t>(Reason::kNoIdentifier)] = 1;
  r.warnings.push_back({Severity::kWarning, "a.vcf", 3, "line without a colon skipped"});
  r.card_list.push_back(
      {"a.vcf", 1, Output::kNative, Reason::kConsentGiven, Key{KeyType::kEmail, "a@b.de"}, ""});
  auto j = nlohmann::json::parse(RenderReport(r, "split", true));
  for (const char* field : {"tool", "version", "command", "as_of", "purpose", "region", "inputs",
                            "ledger", "outputs", "counts", "reasons", "warnings", "cards"}) {
    INFO(field);
    CHECK(j.contains(field));
  }
  CHECK(j["reasons"].size() == 11);
  CHECK(j["warnings"][0]["line"] == 3);
  CHECK(j["cards"][0]["matched_key"] == "email:a@b.de");
  CHECK_FALSE(nlohmann::json::parse(RenderReport(r, "split", false)).contains("cards"));
}

}  // namespace
}  // namespace vcsplit
