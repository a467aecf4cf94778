// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The line quirks of SPEC §3.1, run against the line layer directly: every
// reader of vCard text (the streaming reader, the conversion to 3.0, inline
// AGENT cards, format detection) reads lines through it.

#include "vcard/vcard_lines.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../fuzz/fuzz_util.h"

namespace vcsplit {
namespace {

struct Line {
  std::string content;
  uint64_t number;
  uint64_t begin;
  uint64_t end;
};

// Physical lines of `text`, read `step` bytes at a time.
std::vector<Line> Physical(const std::string& text, size_t step = 65536) {
  ChunkedSource source(text, step);
  InputBuffer in(&source);
  VcardLineReader lines(&in);
  VcardLine l;
  std::vector<Line> out;
  while (lines.ReadPhysical(&l)) out.push_back({l.content, l.number, l.begin, l.end});
  return out;
}

std::vector<std::string> Contents(const std::vector<Line>& lines) {
  std::vector<std::string> out;
  for (const Line& l : lines) out.push_back(l.content);
  return out;
}

using Strings = std::vector<std::string>;

TEST_CASE("lines: LF, CRLF, CR alone and CR CR LF each end one line", "[lines]") {
  for (size_t step : kReadSteps) {
    INFO("step " << step);
    std::vector<Line> l = Physical("a\nb\r\nc\rd\r\r\ne", step);
    CHECK(Contents(l) == Strings{"a", "b", "c", "d", "e"});
    CHECK(l[3].number == 4);
    CHECK(l[3].begin == 7);
    CHECK(l[3].end == 11);  // "d" and its three-byte break
    CHECK(l[4].end == 12);  // no line break at the end of input
  }
}

TEST_CASE("lines: a CR before CRLF is one CR CR LF break, CR CR alone two breaks", "[lines]") {
  CHECK(Contents(Physical("a\r\r\nb")) == Strings{"a", "b"});
  CHECK(Contents(Physical("a\r\rb")) == Strings{"a", "", "b"});
}

TEST_CASE("lines: folds with a space or a tab join, in 3.0 without the white space", "[lines]") {
  CHECK(VcardLogicalLines("TEL;TYPE=\r\n\tCELL:+49 1\r\n 71 555\r\n") ==
        Strings{"TEL;TYPE=CELL:+49 171 555"});
  // A fold inside a multi-byte character: bytes are joined before decoding.
  CHECK(VcardLogicalLines("FN:J\xC3\r\n \xBCrgen\r\n") == Strings{"FN:J\xC3\xBCrgen"});
}

TEST_CASE("lines: blank lines are not logical lines", "[lines]") {
  CHECK(VcardLogicalLines("\r\nA:1\r\n\r\n \t\r\nB:2\n") == Strings{"A:1", "B:2"});
  // A white-space line right after a property is a fold, not a blank line.
  CHECK(VcardLogicalLines("A:1\r\n \t\r\nB:2\n") == Strings{"A:1\t", "B:2"});
}

TEST_CASE("lines: quoted-printable soft breaks join unindented lines", "[lines]") {
  CHECK(VcardLogicalLines("NOTE;ENCODING=QUOTED-PRINTABLE:ab=\r\ncd=\r\nef\r\nX:1\r\n") ==
        Strings{"NOTE;ENCODING=QUOTED-PRINTABLE:abcdef", "X:1"});
  // The bare 2.1 parameter, and '=' followed by an empty line.
  CHECK(VcardLogicalLines("NOTE;QUOTED-PRINTABLE:ab=\r\n\r\nX:1\r\n") ==
        Strings{"NOTE;QUOTED-PRINTABLE:ab", "X:1"});
  // Only a quoted-printable property joins lines that way.
  CHECK(VcardLogicalLines("NOTE:ab=\r\ncd:1\r\n") == Strings{"NOTE:ab=", "cd:1"});
}

TEST_CASE("lines: a soft break never swallows the END line", "[lines]") {
  for (std::string end : {"END:VCARD", "end:vcard", "item1.END : VCARD"}) {
    INFO(end);
    std::string text = "NOTE;ENCODING=QUOTED-PRINTABLE:abc=\r\n" + end + "\r\n";
    CHECK(VcardLogicalLines(text) == Strings{"NOTE;ENCODING=QUOTED-PRINTABLE:abc=", end});
  }
  // However far the END line runs (no look-ahead window).
  std::string long_end = "END:VCARD" + std::string(200, ' ');
  CHECK(VcardLogicalLines("NOTE;QUOTED-PRINTABLE:a=\n" + long_end + "\n") ==
        Strings{"NOTE;QUOTED-PRINTABLE:a=", long_end});
}

TEST_CASE("lines: 2.1 base64 lines are gathered until a blank line or a property", "[lines]") {
  CHECK(VcardLogicalLines("PHOTO;ENCODING=BASE64:AAAA\r\nBBBB\r\n  CCCC\r\n\r\nX:1\r\n") ==
        Strings{"PHOTO;ENCODING=BASE64:AAAABBBBCCCC", "X:1"});
  CHECK(VcardLogicalLines("PHOTO;BASE64:AAAA\nBBBB\nTEL:1\n") ==
        Strings{"PHOTO;BASE64:AAAABBBB", "TEL:1"});
}

TEST_CASE("lines: BEGIN and END lines are recognised in any spelling", "[lines]") {
  CHECK(IsVcardMarker("BEGIN:VCARD", "BEGIN"));
  CHECK(IsVcardMarker("bEGIn:VCaRD", "BEGIN"));
  CHECK(IsVcardMarker("BEGIN: VCARD ", "BEGIN"));
  CHECK(IsVcardMarker("TEST.BEGIN:VCARD", "BEGIN"));
  CHECK(IsVcardMarker("item1.END:vcard", "END"));
  CHECK_FALSE(IsVcardMarker("BEGIN:VCALENDAR", "BEGIN"));
  CHECK_FALSE(IsVcardMarker("X-BEGIN:VCARD", "BEGIN"));
  CHECK_FALSE(IsVcardMarker("NOTE:BEGIN:VCARD", "BEGIN"));
  CHECK_FALSE(IsVcardMarker("BEGIN VCARD", "BEGIN"));
}

TEST_CASE("lines: a very long line keeps its first MiB as content, all its bytes", "[lines]") {
  std::string value(3 << 20, 'x');
  std::vector<Line> l = Physical("PHOTO:" + value + "\r\nTEL:1\r\n", 7919);
  REQUIRE(l.size() == 2);
  CHECK(l[0].content.size() == kMaxLineContent);
  CHECK(l[0].end == 6 + value.size() + 2);
  CHECK(l[1].content == "TEL:1");
}

TEST_CASE("lines: the line layer gives the same lines for every read size", "[lines]") {
  std::string text =
      "BEGIN:VCARD\r\r\nVERSION:2.1\rNOTE;QUOTED-PRINTABLE:a=\r\nb=\r\nEND:VCARD\n"
      "PHOTO;BASE64:AA\nBB\n\nTEL;TYPE=\r\n CELL:1\r\n";
  Strings whole = VcardLogicalLines(text);
  for (size_t step : kReadSteps) {
    INFO("step " << step);
    ChunkedSource source(text, step);
    InputBuffer in(&source);
    VcardLineReader lines(&in);
    VcardLine l;
    Property prop;
    bool parsed = false;
    Strings got;
    while (lines.NextLogical(&l, &prop, &parsed)) got.push_back(l.content);
    CHECK(got == whole);
  }
}

}  // namespace
}  // namespace vcsplit
