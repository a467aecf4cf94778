// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// One test per bug that was found after the code it concerns had landed,
// named after the issue that reported it.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../fuzz/vcard_check.h"
#include "test_util.h"
#include "vcard_test_util.h"

namespace vcsplit {
namespace {

using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SourcePath;
using test::TempDir;
using test::WriteFile;

// A 3.0 card of exactly `size` bytes (at least 60).
std::string Filler(size_t size) {
  std::string head = "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:";
  std::string tail = "\r\nEND:VCARD\r\n";
  return head + std::string(size - head.size() - tail.size(), 'x') + tail;
}

const std::string kQpCard =
    "BEGIN:VCARD\r\nVERSION:2.1\r\nTEL:030 1234\r\nNOTE;ENCODING=QUOTED-PRINTABLE:abc=\r\n"
    "END:VCARD\r\n";

// Reads `input` and checks that the QP card is read whole, as a card with
// its key, and that nothing else is rejected.
void ExpectQpCardRead(const std::string& input) {
  Read r = ReadAll(input);
  bool found = false;
  for (const Chunk& c : r.chunks) {
    CHECK(c.kind == ChunkKind::kCard);
    if (c.raw.find("QUOTED-PRINTABLE") == std::string::npos) continue;
    found = true;
    CHECK(c.raw == kQpCard);
    REQUIRE(c.people.size() == 1);
    CHECK(Keys(c.people[0]) == std::vector<std::string>{"phone:+49301234"});
  }
  CHECK(found);
}

TEST_CASE("issue 15: a card ending in a quoted-printable soft break is read wherever it sits",
          "[regression]") {
  SECTION("first, in the middle, last") {
    ExpectQpCardRead(kQpCard + Filler(200));
    ExpectQpCardRead(Filler(200) + kQpCard + Filler(200));
    ExpectQpCardRead(Filler(200) + kQpCard);
    ExpectQpCardRead(kQpCard);
  }
  SECTION("last, without a final line break") {
    Read r = ReadAll(kQpCard.substr(0, kQpCard.size() - 2));
    REQUIRE(r.chunks.size() == 1);
    CHECK(r.chunks[0].kind == ChunkKind::kCard);
    CHECK(r.chunks[0].missing_newline);
  }
  SECTION("its '=' line ending anywhere near a 64 KiB read boundary") {
    size_t to_eq_line_end = kQpCard.find("abc=\r\n") + 6;
    for (size_t before = 0; before <= 80; ++before) {
      INFO(before << " bytes between the '=' line and the boundary");
      std::string prefix = Filler(65536 - before - to_eq_line_end);
      REQUIRE(prefix.size() + to_eq_line_end + before == 65536);
      ExpectQpCardRead(prefix + kQpCard + Filler(100));
      ExpectQpCardRead(prefix + kQpCard);
    }
  }
}

TEST_CASE("issue 15: a card over the limit whose folded line reads as BEGIN stays one slice",
          "[regression]") {
  std::string path = SourcePath("tests/data/fuzz/vcard/oversized-folded-begin");
  std::string input = ReadFile(path);
  CHECK(CheckVcardInput(input, 4096) == "");
  TempDir dir;
  WriteFile(dir / "l.csv", "timestamp,status,phone\n2026-01-01,given,030 1234\n");
  // Both of its chunks are rejected: without --allow-empty that is "no
  // cards found" (exit 2).
  RunResult r = RunVcsplit({"split", "-l", "l.csv", "--input-format", "vcard", "--max-card-size",
                            "4096", "--allow-empty", path},
                           dir.path());
  CHECK(r.exit_code == 0);
  // Every input byte in rejects once, in order (plus the line break added
  // after a last card without one); before the fix rejects held 7,168
  // bytes, stale copies of earlier input.
  std::string rejects = ReadFile(dir / "rejects.vcf");
  CHECK(rejects.size() == input.size() + 1);
  CHECK(rejects.compare(0, input.size(), input) == 0);
  CHECK(ReadFile(dir / "native.vcf").empty());
}

}  // namespace
}  // namespace vcsplit
