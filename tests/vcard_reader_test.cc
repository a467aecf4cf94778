// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "vcard/vcard_reader.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "phone/keys.h"
#include "vcard_test_util.h"

namespace vcsplit {
namespace {

TEST_CASE("vcard: a card is cut from its BEGIN line through the break after END", "[vcard]") {
  std::string a = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nTEL:030 1234\r\nEND:VCARD\r\n";
  std::string b = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\nEMAIL: B@Example.ORG \r\nEND:VCARD\r\n";
  Read r = ReadAll(a + "\r\n\r\n" + b);
  REQUIRE(r.chunks.size() == 2);
  CHECK(r.chunks[0].raw == a);
  CHECK(r.chunks[1].raw == b);
  CHECK(r.chunks[0].line == 1);
  CHECK(r.chunks[1].line == 8);
  CHECK(Keys(r.chunks[0].people[0]) == std::vector<std::string>{"phone:+49301234"});
  CHECK(Keys(r.chunks[1].people[0]) == std::vector<std::string>{"email:b@example.org"});
  CHECK(r.reporter.diagnostics().empty());
}

TEST_CASE("vcard: LF, CR alone, CR CR LF and mixed line breaks", "[vcard]") {
  for (std::string eol : {"\n", "\r", "\r\r\n"}) {
    std::string card =
        "BEGIN:VCARD" + eol + "VERSION:3.0" + eol + "TEL:0171 1" + eol + "END:VCARD" + eol;
    Read r = ReadAll(card + card);
    REQUIRE(r.chunks.size() == 2);
    CHECK(r.chunks[0].raw == card);
    CHECK(r.chunks[1].line == 5);
    CHECK(Keys(r.chunks[1].people[0]) == std::vector<std::string>{"phone:+491711"});
  }
  std::string mixed = "BEGIN:VCARD\r\nVERSION:3.0\nTEL:0171 2\rEND:VCARD\r\r\n";
  Read r = ReadAll(mixed);
  REQUIRE(r.chunks.size() == 1);
  CHECK(r.chunks[0].raw == mixed);
  CHECK(r.chunks[0].crlf);
}

TEST_CASE("vcard: a BOM before the first card is not part of it", "[vcard]") {
  std::string card = "BEGIN:VCARD\nVERSION:4.0\nUID:x-1\nEND:VCARD\n";
  Read r = ReadAll("\xEF\xBB\xBF" + card);
  REQUIRE(r.chunks.size() == 1);
  CHECK(r.chunks[0].raw == card);
  CHECK(Keys(r.chunks[0].people[0]) == std::vector<std::string>{"uid:x-1"});
}

TEST_CASE("vcard: folded values are unfolded before keys are read", "[vcard]") {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL;TYPE=\r\n\tCELL:+49 1\r\n 71 555\r\nEMAIL:a@exa\r\n "
      "mple.org"
      "\r\nEND:VCARD\r\n";
  Read r = ReadAll(card);
  REQUIRE(r.chunks.size() == 1);
  CHECK(r.chunks[0].raw == card);
  CHECK(Keys(r.chunks[0].people[0]) ==
        std::vector<std::string>{"phone:+49171555", "email:a@example.org"});
}

TEST_CASE("vcard: names are case-insensitive and may carry groups", "[vcard]") {
  std::string card =
      "TEST.bEGIn:vCaRd\nversion:3.0\nitem1.tel;type=cell:0151 9\nITEM2.Email:x@y.de\n"
      "end:VCARD\n";
  Read r = ReadAll(card + "BEGIN: VCARD\nFN:Z\nEND: VCARD\n");
  REQUIRE(r.chunks.size() == 2);
  CHECK(r.chunks[0].raw == card);
  CHECK(r.chunks[1].readable());
  CHECK(Keys(r.chunks[0].people[0]) == std::vector<std::string>{"phone:+49151"
                                                                "9",
                                                                "email:x@y.de"});
}

TEST_CASE("vcard: quoted-printable soft breaks join unindented lines", "[vcard]") {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BC=\r\n"
      "rgen\r\nTEL;QUOTED-PRINTABLE:+49=2030=\r\n=20123\r\nEND:VCARD\r\n";
  Read r = ReadAll(card);
  REQUIRE(r.chunks.size() == 1);
  CHECK(r.chunks[0].people[0].fn == "J\xC3\xBCrgen");
  CHECK(Keys(r.chunks[0].people[0]) == std::vector<std::string>{"phone:+4930123"});
}

TEST_CASE("vcard: '=' at the end of a value that is not quoted-printable joins nothing",
          "[vcard]") {
  std::string card = "BEGIN:VCARD\nVERSION:3.0\nNOTE:a=\nTEL:030 1111\nEND:VCARD\n";
  Read r = ReadAll(card);
  REQUIRE(r.chunks.size() == 1);
  CHECK(Keys(r.chunks[0].people[0]) == std::vector<std::string>{"phone:+49301111"});
}

TEST_CASE("vcard: a broken quoted-printable value never swallows END", "[vcard]") {
  std::string card = "BEGIN:VCARD\nVERSION:2.1\nNOTE;ENCODING=QUOTED-PRINTABLE:x=\nEND:VCARD\n";
  Read r = ReadAll(card + card);
  REQUIRE(r.chunks.size() == 2);
  CHECK(r.chunks[0].readable());
  CHECK(r.chunks[0].raw == card);
}

TEST_CASE("vcard: CHARSET is applied to decoded bytes", "[vcard]") {
  Read r = ReadAll(
      "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller\n"
      "N;CHARSET=Windows-1252:M\xFC"
      "ller;J\x80rg\nEND:VCARD\n");
  REQUIRE(r.chunks.size() == 1);
  CHECK(r.chunks[0].people[0].fn == "M\xC3\xBCller");
  CHECK(r.chunks[0].people[0].n == "M\xC3\xBCller J\xE2\x82\xACrg");
}

TEST_CASE("vcard: a 2.1 base64 block ends at a blank line or the next property", "[vcard]") {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:2.1\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n/9j/4AAQSkZJRgABAQ\r\n"
      "AAAQABAAD\r\n\r\nTEL:030 1111\r\nLOGO;BASE64:iVBORw0KGgo\r\nAAAANSUhEUg\r\nEMAIL:a@b.de\r\n"
      "END:VCARD\r\n";
  Read r = ReadAll(card);
  REQUIRE(r.chunks.size() == 1);
  CHECK(r.chunks[0].raw == card);
  CHECK(Keys(r.chunks[0].people[0]) == std::vector<std::string>{"phone:+49301111", "email:a@b.de"});
  CHECK(r.reporter.diagnostics().empty());  // base64 lines are not "lines without a colon"
}

TEST_CASE("vcard: nested 2.1 cards are tracked by depth and keep their own keys", "[vcard]") {
  std::string card =
      "BEGIN:VCARD\nVERSION:2.1\nFN:Outer\nTEL:030 1111\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\n"
      "FN:Inner\nTEL:030 2222\nEND:VCARD\nEND:VCARD\n";
  Read r = ReadAll(card + card);
  REQUIRE(r.chunks.size() == 2);
  CHECK(r.chunks[0].raw == card);
  REQUIRE(r.chunks[0].people.size() == 2);
  CHECK(r.chunks[0].people[1].parent == 0);
  CHECK(Keys(r.chunks[0].people[0]) == std::vector<std::string>{"phone:+49301111"});
  CHECK(Keys(r.chunks[0].people[1]) == std::vector<std::string>{"phone:+49302222"});
}

TEST_CASE("vcard: a 3.0 inline AGENT card is a nested person", "[vcard]") {
  std::string card =
      "BEGIN:VCARD\nVERSION:3.0\nFN:Boss\nAGENT:BEGIN:VCARD\\nFN:Assistant\\nTEL:030 3333\\n"
      "END:VCARD\\n\nEND:VCARD\n";
  Read r = ReadAll(card);
  REQUIRE(r.chunks.size() == 1);
  REQUIRE(r.chunks[0].people.size() == 2);
  CHECK(r.chunks[0].people[1].fn == "Assistant");
  CHECK(Keys(r.chunks[0].people[1]) == std::vector<std::string>{"phone:+49303333"});
}

TEST_CASE("vcard: BEGIN inside a 3.0 card means the open card lacks END", "[vcard]") {
  std::string broken = "BEGIN:VCARD\nVERSION:3.0\nTEL:030 1111\n";
  std::string good = "BEGIN:VCARD\nVERSION:3.0\nTEL:030 2222\nEND:VCARD\n";
  Read r = ReadAll(broken + "\n" + good);
  REQUIRE(r.chunks.size() == 2);
  CHECK(r.chunks[0].kind == ChunkKind::kTruncated);
  CHECK(r.chunks[0].raw == broken);  // ends at its last non-blank line
  CHECK(r.chunks[1].raw == good);
  CHECK(r.chunks[1].line == 5);
  REQUIRE(r.reporter.diagnostics().size() == 1);
  CHECK(FormatDiagnostic(r.reporter.diagnostics()[0]) == "t.vcf:1: card has no END:VCARD");
}

TEST_CASE("vcard: a 2.1 card open at the end resumes at its first nested BEGIN", "[vcard]") {
  std::string outer = "BEGIN:VCARD\nVERSION:2.1\nTEL:030 1111\n";
  std::string inner = "BEGIN:VCARD\nVERSION:3.0\nTEL:030 2222\nEND:VCARD\n";
  Read r = ReadAll(outer + inner + inner);
  REQUIRE(r.chunks.size() == 3);
  CHECK(r.chunks[0].kind == ChunkKind::kTruncated);
  CHECK(r.chunks[0].raw == outer);
  CHECK(r.chunks[1].raw == inner);
  CHECK(r.chunks[1].line == 4);
  CHECK(r.chunks[2].raw == inner);
  CHECK(r.chunks[2].line == 8);
}

TEST_CASE("vcard: text outside cards is one rejected chunk per run of lines", "[vcard]") {
  std::string card = "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n";
  Read r = ReadAll("junk 1\njunk 2\n\n" + card + "END:VCARD\ntrailing\n");
  REQUIRE(r.chunks.size() == 3);
  CHECK(r.chunks[0].kind == ChunkKind::kJunk);
  CHECK(r.chunks[0].raw == "junk 1\njunk 2\n");
  CHECK(r.chunks[1].raw == card);
  CHECK(r.chunks[2].kind == ChunkKind::kJunk);
  CHECK(r.chunks[2].raw == "END:VCARD\ntrailing\n");
  CHECK(r.chunks[2].line == 7);
}

TEST_CASE("vcard: junk directly before a BEGIN line ends there", "[vcard]") {
  std::string card = "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n";
  Read r = ReadAll("garbage\n" + card);
  REQUIRE(r.chunks.size() == 2);
  CHECK(r.chunks[0].raw == "garbage\n");
  CHECK(r.chunks[1].raw == card);
  CHECK(r.chunks[1].line == 2);
}

TEST_CASE("vcard: no line break at the end of the input", "[vcard]") {
  Read r = ReadAll("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD");
  REQUIRE(r.chunks.size() == 1);
  CHECK(r.chunks[0].readable());
  CHECK(r.chunks[0].missing_newline);
  CHECK(r.chunks[0].crlf);
}

TEST_CASE("vcard: a line without a colon is skipped with a warning", "[vcard]") {
  Read r = ReadAll("BEGIN:VCARD\nVERSION:3.0\nthis is not a property\nTEL:030 1111\nEND:VCARD\n");
  REQUIRE(r.chunks.size() == 1);
  CHECK(r.chunks[0].readable());
  REQUIRE(r.reporter.diagnostics().size() == 1);
  CHECK(FormatDiagnostic(r.reporter.diagnostics()[0]) == "t.vcf:3: line without a colon skipped");
}

TEST_CASE("vcard: quoted parameter values may hold ':' semicolon and ','", "[vcard]") {
  Read r = ReadAll(
      "BEGIN:VCARD\nVERSION:4.0\nTEL;TYPE=\"voice,cell\";X-LABEL=\"a:b;c\":tel:+49-30-1234;ext=5\n"
      "END:VCARD\n");
  REQUIRE(r.chunks.size() == 1);
  CHECK(Keys(r.chunks[0].people[0]) == std::vector<std::string>{"phone:+49301234"});
}

TEST_CASE("vcard: text escapes are resolved, invalid ones kept", "[vcard]") {
  Read r = ReadAll("BEGIN:VCARD\nVERSION:3.0\nFN:Doe\\, John\\; Jr.\\n\\q\nEND:VCARD\n");
  REQUIRE(r.chunks.size() == 1);
  CHECK(r.chunks[0].people[0].fn == "Doe, John; Jr.\n\\q");
}

TEST_CASE("vcard: a card larger than --max-card-size goes to the overflow sink", "[vcard]") {
  std::string big = "BEGIN:VCARD\nVERSION:3.0\nPHOTO:" + std::string(5000, 'A') + "\nEND:VCARD\n";
  std::string small = "BEGIN:VCARD\nVERSION:3.0\nTEL:030 1111\nEND:VCARD\n";
  std::string overflow;
  Read r = ReadAll(big + small, 1000, &overflow);
  REQUIRE(r.chunks.size() == 2);
  CHECK(r.chunks[0].kind == ChunkKind::kOversized);
  CHECK(r.chunks[0].raw.empty());
  CHECK(overflow == big);
  CHECK(r.chunks[1].raw == small);
  CHECK(r.chunks[1].readable());
}

}  // namespace
}  // namespace vcsplit
