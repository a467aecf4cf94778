// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// One test per quirk of SPEC §3.1, each on a minimal hand-written input,
// checking where the cards are cut and which keys come out.

#include <catch2/catch.hpp>

#include "vcard/vcard_property.h"
#include "vcard_test_util.h"

namespace vcsplit {
namespace {

struct Expected {
  std::string raw;
  std::vector<std::string> keys;
  ChunkKind kind = ChunkKind::kCard;
};

// Reads `input` and checks every chunk's bytes, kind and top-level keys.
Read Check(const std::string& input, const std::vector<Expected>& expected) {
  Read r = ReadAll(input);
  REQUIRE(r.chunks.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("chunk " << i);
    CHECK(r.chunks[i].raw == expected[i].raw);
    CHECK(r.chunks[i].kind == expected[i].kind);
    if (expected[i].kind == ChunkKind::kCard)
      CHECK(Keys(r.chunks[i].people[0]) == expected[i].keys);
  }
  return r;
}

const std::string kEnd = "END:VCARD";

TEST_CASE("quirk: CR CR LF is one line break", "[quirk]") {
  std::string card = "BEGIN:VCARD\r\r\nVERSION:3.0\r\r\nTEL:030 1234\r\r\nEND:VCARD\r\r\n";
  Read r = Check(card + card, {{card, {"phone:+49301234"}}, {card, {"phone:+49301234"}}});
  CHECK(r.chunks[1].line == 5);
}

TEST_CASE("quirk: CR alone ends lines", "[quirk]") {
  std::string card = "BEGIN:VCARD\rVERSION:2.1\rTEL;CELL:0171 555\rEND:VCARD\r";
  Check(card + "\r" + card, {{card, {"phone:+49171555"}}, {card, {"phone:+49171555"}}});
}

TEST_CASE("quirk: mixed line breaks in one file", "[quirk]") {
  std::string a = "BEGIN:VCARD\r\nVERSION:3.0\nEMAIL:a@b.de\rEND:VCARD\r\n";
  std::string b = "BEGIN:VCARD\nVERSION:4.0\r\nUID:u-2\nEND:VCARD\n";
  Check(a + b, {{a, {"email:a@b.de"}}, {b, {"uid:u-2"}}});
}

TEST_CASE("quirk: a UTF-8 BOM before the first card", "[quirk]") {
  std::string card = "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:030 1234\r\nEND:VCARD\r\n";
  Check("\xEF\xBB\xBF" + card, {{card, {"phone:+49301234"}}});
}

TEST_CASE("quirk: tab folds inside a parameter list", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL;TYPE=WORK,\r\n\tVOICE;X-A=\r\n\tb:+49 30\r\n 1234\r\n" +
      kEnd + "\r\n";
  Check(card, {{card, {"phone:+49301234"}}});
}

TEST_CASE("quirk: a fold inside a multi-byte UTF-8 character", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J\xC3\r\n \xBCrgen\r\nEMAIL:j\xC3\r\n "
      "\x9C@x.de\r\nEND:VCARD\r\n";
  Read r = Check(card, {{card, {"email:j\xC3\xBC@x.de"}}});  // lower-cased U+00DC
  CHECK(r.chunks[0].people[0].fn == "J\xC3\xBCrgen");
}

TEST_CASE("quirk: 2.1 whitespace folding", "[quirk]") {
  std::string card = "BEGIN:VCARD\r\nVERSION:2.1\r\nTEL;HOME:+49 30\r\n  1234\r\nEND:VCARD\r\n";
  Check(card, {{card, {"phone:+49301234"}}});
}

TEST_CASE("quirk: 'BEGIN: VCARD' and scrambled case", "[quirk]") {
  std::string a = "BEGIN: VCARD\nVERSION:3.0\nTEL:030 1234\nEND: VCARD\n";
  std::string b = "bEGIn:VCaRD\nvErSiOn:3.0\nEmAiL:X@Y.de\neNd:vCaRd\n";
  Check(a + b, {{a, {"phone:+49301234"}}, {b, {"email:x@y.de"}}});
}

TEST_CASE("quirk: VERSION last, missing, and several versions in one file", "[quirk]") {
  std::string last = "BEGIN:VCARD\nTEL:030 1234\nVERSION:3.0\nEND:VCARD\n";
  std::string none = "BEGIN:VCARD\nEMAIL:n@v.de\nEND:VCARD\n";
  std::string v21 = "BEGIN:VCARD\nVERSION:2.1\nTEL;CELL:0171 1\nEND:VCARD\n";
  std::string v40 = "BEGIN:VCARD\nVERSION:4.0\nTEL;VALUE=uri:tel:+49-171-2\nEND:VCARD\n";
  Read r = Check(last + none + v21 + v40, {{last, {"phone:+49301234"}},
                                           {none, {"email:n@v.de"}},
                                           {v21, {"phone:+491711"}},
                                           {v40, {"phone:+491712"}}});
  CHECK(r.chunks[0].people[0].version == "3.0");
  CHECK(r.chunks[1].people[0].version.empty());
}

TEST_CASE("quirk: group prefixes, even on BEGIN and END", "[quirk]") {
  std::string card =
      "TEST.BEGIN:VCARD\nTEST.VERSION:3.0\nitem1.TEL:030 1234\nITEM1.X-ABLabel:Office\n"
      "item2.EMAIL;type=INTERNET:g@h.de\nTEST.END:VCARD\n";
  Check(card, {{card, {"phone:+49301234", "email:g@h.de"}}});
}

TEST_CASE("quirk: 2.1 AGENT nesting keeps the inner card inside", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nTEL:030 1111\r\nAGENT:\r\nBEGIN:VCARD\r\n"
      "VERSION:2.1\r\nFN:Agent\r\nTEL:030 2222\r\nEND:VCARD\r\nEMAIL:boss@x.de\r\nEND:VCARD\r\n";
  Read r = Check(card, {{card, {"phone:+49301111", "email:boss@x.de"}}});
  REQUIRE(r.chunks[0].people.size() == 2);
  CHECK(Keys(r.chunks[0].people[1]) == std::vector<std::string>{"phone:+49302222"});
}

TEST_CASE("quirk: nested 2.1 cards without an AGENT line", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\nVERSION:2.1\nTEL:030 1111\nBEGIN:VCARD\nVERSION:2.1\nBEGIN:VCARD\n"
      "TEL:030 3333\nEND:VCARD\nEND:VCARD\nEND:VCARD\n";
  Read r = Check(card, {{card, {"phone:+49301111"}}});
  REQUIRE(r.chunks[0].people.size() == 3);
  CHECK(r.chunks[0].people[2].parent == 1);
  CHECK(Keys(r.chunks[0].people[2]) == std::vector<std::string>{"phone:+49303333"});
}

TEST_CASE("quirk: a BEGIN before VERSION:2.1 is declared is a missing END", "[quirk]") {
  std::string broken = "BEGIN:VCARD\nTEL:030 1111\n";
  std::string rest = "BEGIN:VCARD\nVERSION:2.1\nEND:VCARD\n";
  Check(broken + rest, {{broken, {}, ChunkKind::kTruncated}, {rest, {}}});
}

TEST_CASE("quirk: 3.0 inline AGENT", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nAGENT:BEGIN:VCARD\\nVERSION:3.0\\nFN:Agent\\n"
      "TEL:030 2222\\nEMAIL:a\\,b@x.de\\nEND:VCARD\r\nTEL:030 1111\r\nEND:VCARD\r\n";
  Read r = Check(card, {{card, {"phone:+49301111"}}});
  REQUIRE(r.chunks[0].people.size() == 2);
  CHECK(Keys(r.chunks[0].people[1]) ==
        std::vector<std::string>{"phone:+49302222", "email:a,b@x.de"});
}

TEST_CASE("quirk: quoted-printable soft breaks with unindented continuation", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:2.1\r\nEMAIL;ENCODING=QUOTED-PRINTABLE:long.addr=\r\ness@exa=\r\n"
      "mple.org\r\nEND:VCARD\r\n";
  Check(card, {{card, {"email:long.address@example.org"}}});
}

TEST_CASE("quirk: quoted-printable '=' followed by an empty line", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0A=\r\n\r\n"
      "TEL:030 1234\r\nEND:VCARD\r\n";
  Read r = Check(card, {{card, {"phone:+49301234"}}});
  CHECK(r.reporter.diagnostics().empty());
}

TEST_CASE("quirk: a bare QUOTED-PRINTABLE parameter", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;QUOTED-PRINTABLE:=C3=96zil\nTEL;QUOTED-PRINTABL"
      "E;CELL:0171=\n 99\nEND:VCARD\n";
  Read r = Check(card, {{card, {"phone:+4917199"}}});
  CHECK(r.chunks[0].people[0].fn == "\xC3\x96zil");
}

TEST_CASE("quirk: '=' at the end of a value that is not quoted-printable", "[quirk]") {
  std::string card = "BEGIN:VCARD\nVERSION:3.0\nNOTE:1+1=\nTEL:030 1234\nEND:VCARD\n";
  Read r = Check(card, {{card, {"phone:+49301234"}}});
  CHECK(r.reporter.diagnostics().empty());
}

TEST_CASE("quirk: CHARSET on quoted-printable and raw bytes", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\nVERSION:2.1\n"
      "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=F6rg\n"
      "FN;CHARSET=ISO-8859-1:J\xF6rg M\xFCller\n"
      "NOTE;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:=80 5\n"
      "EMAIL;CHARSET=Windows-1252:J\xD6RG@X.DE\n"
      "X-A;CHARSET=SHIFT_JIS:\x8E\x52\x93\x63\n"
      "END:VCARD\n";
  Read r = Check(card, {{card, {"email:j\xC3\xB6rg@x.de"}}});
  CHECK(r.chunks[0].people[0].n == "M\xC3\xBCller J\xC3\xB6rg");
  CHECK(r.chunks[0].people[0].fn == "J\xC3\xB6rg M\xC3\xBCller");
  std::string sjis =
      "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:"
      "=8E=52=93=63\nN;CHARSET=Shift_JIS:\x8E\x52\x93\x63\nEND:VCARD\n";
  Read s = Check(sjis, {{sjis, {}}});
  CHECK(s.chunks[0].people[0].fn == "\xE5\xB1\xB1\xE7\x94\xB0");  // 山田
  CHECK(s.chunks[0].people[0].n == "\xE5\xB1\xB1\xE7\x94\xB0");
}

TEST_CASE("quirk: base64 in all spellings", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:2.1\r\n"
      "PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n/9j/"
      "4AAQSkZJRgABAQEASABIAAD\r\n2wBDAAMCAgMCAgMDAwMEAwME\r\n"
      "\r\n"  // 2.1 base64 ended by a blank line
      "LOGO;BASE64;GIF:R0lGODlhAQABAIAAAAAAAP\r\n///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\r\n"
      "TEL;CELL:0171 1\r\n"  // ... and by the next property
      "KEY;ENCODING=b;TYPE=PGP:mQGiBDqcvvARBADEa\r\n 4eblUZR7BoXrkKazN\r\n"
      "SOUND:data:audio/basic;base64,UklGRiQAAABXQVZF\r\n"
      "EMAIL:p@q.de\r\nEND:VCARD\r\n";
  Read r = Check(card, {{card, {"phone:+491711", "email:p@q.de"}}});
  CHECK(r.reporter.diagnostics().empty());
}

TEST_CASE("quirk: quoted parameter values holding ':' semicolon and ','", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\nVERSION:4.0\nTEL;TYPE=\"work,voice\";LABEL=\"Main: a;b,c\":tel:+49-30-1234\n"
      "END:VCARD\n";
  Check(card, {{card, {"phone:+49301234"}}});
}

TEST_CASE("quirk: RFC 6868 caret escapes and empty parameters", "[quirk]") {
  Property p;
  REQUIRE(ParseProperty("ADR;;LABEL=\"Bob^'s ^^place^nBerlin\";;TYPE=home:;;Main St", &p));
  REQUIRE(p.params.size() == 2);
  CHECK(p.params[0].second == "Bob\"s ^place\nBerlin");
  CHECK(p.value == ";;Main St");
  std::string card = "BEGIN:VCARD\nVERSION:4.0\nTEL;;X-L=\"a^'b\";:030 1234\nEND:VCARD\n";
  Check(card, {{card, {"phone:+49301234"}}});
}

TEST_CASE("quirk: bare 2.1 parameter types", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\nVERSION:2.1\nTEL;WORK;VOICE;PREF:030 1234\nEMAIL;INTERNET;"
      "PREF:w@x.de\nEND:VCARD\n";
  Check(card, {{card, {"phone:+49301234", "email:w@x.de"}}});
}

TEST_CASE("quirk: text escapes, and invalid escapes kept", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\nVERSION:3.0\nFN:M\\u00fcller\\, Jo\\;\\nNext\\\\\nUID:a\\,b\nEND:VCARD\n";
  Read r = Check(card, {{card, {"uid:a,b"}}});
  CHECK(r.chunks[0].people[0].fn == "M\\u00fcller, Jo;\nNext\\");
}

TEST_CASE("quirk: lines without a colon are skipped with a warning", "[quirk]") {
  std::string card = "BEGIN:VCARD\nVERSION:3.0\nno colon here\nTEL:030 1234\nEND:VCARD\n";
  Read r = Check(card, {{card, {"phone:+49301234"}}});
  REQUIRE(r.reporter.diagnostics().size() == 1);
  CHECK(r.reporter.diagnostics()[0].line == 3);
}

TEST_CASE("quirk: a missing END mid-file is rejected, never merged", "[quirk]") {
  std::string a = "BEGIN:VCARD\nVERSION:3.0\nTEL:030 1111\n";
  std::string b = "BEGIN:VCARD\nVERSION:3.0\nTEL:030 2222\nEND:VCARD\n";
  Read r = Check(a + "\n\n" + b, {{a, {}, ChunkKind::kTruncated}, {b, {"phone:+49302222"}}});
  CHECK(r.chunks[1].line == 6);
}

TEST_CASE("quirk: trailing garbage after END", "[quirk]") {
  std::string card = "BEGIN:VCARD\nVERSION:3.0\nTEL:030 1234\nEND:VCARD\n";
  Read r = Check(card + "\n-- \nExported by Foo\n",
                 {{card, {"phone:+49301234"}}, {"-- \nExported by Foo\n", {}, ChunkKind::kJunk}});
  CHECK(r.chunks[1].line == 6);
}

TEST_CASE("quirk: no newline at end of file", "[quirk]") {
  std::string card = "BEGIN:VCARD\nVERSION:3.0\nTEL:030 1234\nEND:VCARD";
  Read r = Check(card, {{card, {"phone:+49301234"}}});
  CHECK(r.chunks[0].missing_newline);
  CHECK_FALSE(r.chunks[0].crlf);
  Read junk = ReadAll("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\ntrailing");
  REQUIRE(junk.chunks.size() == 2);
  CHECK(junk.chunks[1].raw == "trailing");
  CHECK(junk.chunks[1].missing_newline);
}

TEST_CASE("quirk: very long lines have no fixed limit", "[quirk]") {
  std::string card =
      "BEGIN:VCARD\nVERSION:3.0\nNOTE:" + std::string(3 << 20, 'x') + "\nTEL:030 1234\nEND:VCARD\n";
  Check(card, {{card, {"phone:+49301234"}}});
}

}  // namespace
}  // namespace vcsplit
