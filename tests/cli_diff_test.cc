// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit diff OLD NEW` (SPEC §2.5): identity by UID, else keys, else
// name; re-folded, re-ordered and re-encoded cards are unchanged; the cards
// that left are written byte for byte.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::TempDir;
using test::WriteFile;

// Anna in vCard 3.0, UTF-8, LF.
const char* kAnna30 =
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "FN:Anna M\xC3\xBCller\n"
    "N:M\xC3\xBCller;Anna;;;\n"
    "TEL;TYPE=CELL,VOICE:+49 171 1234567\n"
    "EMAIL;TYPE=INTERNET:anna@example.de\n"
    "NOTE:Met at the fair\\, Hall 3\n"
    "END:VCARD\n";

// The same contact as another program writes it: vCard 2.1, CRLF,
// quoted-printable Windows-1252, properties in another order, the number
// written nationally, types in another order and case, the note folded.
const char* kAnna21 =
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "EMAIL;INTERNET:Anna@Example.DE\r\n"
    "TEL;voice;CELL:0171/1234567\r\n"
    "N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;Anna;;;\r\n"
    "FN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:Anna M=FC=\r\n"
    "ller\r\n"
    "NOTE:Met at the fair, Hall 3\r\n"
    "END:VCARD\r\n";

const char* kBert = "BEGIN:VCARD\nVERSION:3.0\nFN:Bert\nUID:bert-1\nTEL:+4930111\nEND:VCARD\n";
const char* kBertFolded =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bert-1\r\nFN:Be\r\n rt\r\nTEL:+49 30 1\r\n "
    "11\r\nEND:VCARD\r\n";
const char* kBertNewMail =
    "BEGIN:VCARD\nVERSION:3.0\nFN:Bert\nUID:bert-1\nTEL:+4930111\nEMAIL:bert@x.de\nEND:VCARD\n";
const char* kCarla = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Carla\r\nEMAIL:carla@x.it\r\nEND:VCARD\r\n";
const char* kDora = "BEGIN:VCARD\nVERSION:3.0\nFN:Dora\nTEL:+33612345678\nEND:VCARD\n";

TEST_CASE("cli diff: re-ordered, re-folded and re-encoded cards are no change", "[cli-diff]") {
  TempDir dir;
  WriteFile(dir / "old.vcf", std::string(kAnna30) + kBert + kCarla);
  WriteFile(dir / "new.vcf", std::string(kCarla) + kBertFolded + kAnna21);
  RunResult r = RunVcsplit({"diff", "old.vcf", "new.vcf"}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err == "vcsplit: 0 left, 0 joined, 0 changed, 3 unchanged\n");
}

TEST_CASE("cli diff: lists who left, joined and changed, exit 1", "[cli-diff]") {
  TempDir dir;
  WriteFile(dir / "old.vcf", std::string(kAnna30) + kBert + kCarla);
  WriteFile(dir / "new.vcf", std::string(kBertNewMail) + kAnna30 + kDora);
  RunResult r = RunVcsplit({"diff", "old.vcf", "new.vcf"}, dir.path());
  CHECK(r.exit_code == 1);
  CHECK(r.out ==
        "- old.vcf:15: left: Carla (email:carla@x.it)\n"
        "+ new.vcf:16: joined: Dora (phone:+33612345678)\n"
        "~ new.vcf:1: changed: Bert (uid:bert-1) [EMAIL] (was old.vcf:9)\n");
  CHECK(r.err == "vcsplit: 1 left, 1 joined, 1 changed, 1 unchanged\n");

  RunResult j = RunVcsplit({"diff", "-q", "--format", "json", "old.vcf", "new.vcf"}, dir.path());
  CHECK(j.exit_code == 1);
  CHECK(j.err.empty());
  auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["command"] == "diff");
  CHECK(doc["old"]["cards"] == 3);
  CHECK(doc["new"]["cards"] == 3);
  CHECK(doc["counts"]["left"] == 1);
  CHECK(doc["counts"]["joined"] == 1);
  CHECK(doc["counts"]["changed"] == 1);
  CHECK(doc["counts"]["unchanged"] == 1);
  CHECK(doc["left"][0]["identity"] == "email:carla@x.it");
  CHECK(doc["left"][0]["old_line"] == 15);
  CHECK(doc["joined"][0]["name"] == "Dora");
  CHECK(doc["changed"][0]["properties"] == nlohmann::json::array({"EMAIL"}));
  CHECK(doc["changed"][0]["old_line"] == 9);
  CHECK(doc["changed"][0]["new_line"] == 1);
}

TEST_CASE("cli diff: --output-removed writes the cards that left byte for byte", "[cli-diff]") {
  TempDir dir;
  // Carla (CRLF, last card without a final line break) and Dora leave.
  std::string carla_unterminated(kCarla);
  carla_unterminated.resize(carla_unterminated.size() - 2);
  WriteFile(dir / "old.vcf", std::string(kDora) + kAnna30 + "\n\n" + kBert + carla_unterminated);
  WriteFile(dir / "new.vcf", std::string(kAnna21) + kBert);
  RunResult r =
      RunVcsplit({"diff", "--output-removed", "gone.vcf", "old.vcf", "new.vcf"}, dir.path());
  CHECK(r.exit_code == 1);
  CHECK(ReadFile(dir / "gone.vcf") == std::string(kDora) + kCarla);
  CHECK(test::FileMode(dir / "gone.vcf") == 0600);
  CHECK(r.err.find("vcsplit: gone.vcf: 2 cards that left\n") != std::string::npos);

  // Nothing left: an empty file, so a consumer never sees an old list.
  RunResult none =
      RunVcsplit({"diff", "--output-removed", "gone.vcf", "new.vcf", "new.vcf"}, dir.path());
  CHECK(none.exit_code == 0);
  CHECK(ReadFile(dir / "gone.vcf").empty());

  // The output may not be an input.
  RunResult same =
      RunVcsplit({"diff", "--output-removed", "old.vcf", "old.vcf", "new.vcf"}, dir.path());
  CHECK(same.exit_code == 2);
  CHECK(ReadFile(dir / "old.vcf").size() > 0);
}

TEST_CASE("cli diff: duplicates of one contact are matched one to one", "[cli-diff]") {
  TempDir dir;
  WriteFile(dir / "old.vcf", std::string(kBert) + kBert);
  WriteFile(dir / "new.vcf", std::string(kBert) + kBertNewMail + kBert);
  RunResult r = RunVcsplit({"diff", "-q", "old.vcf", "new.vcf"}, dir.path());
  CHECK(r.exit_code == 1);
  CHECK(r.out == "+ new.vcf:7: joined: Bert (uid:bert-1)\n");
}

TEST_CASE("cli diff: CSV books compare by column name and decoded value", "[cli-diff]") {
  TempDir dir;
  WriteFile(dir / "old.csv",
            "First Name,Last Name,Mobile Phone,E-mail Address\r\n"
            "J\xC3\xBCrgen,Wei\xC3\x9F,+49 160 9876543,j@x.de\r\n"
            "Eva,Novak,0151 2223334,\r\n"
            "Karl,Becker,,karl@x.de\r\n");
  // Columns re-ordered, Windows-1252 instead of UTF-8, ';' instead of ','
  // and numbers written another way: the same contacts, except Karl's
  // new number.
  WriteFile(dir / "new.csv",
            "E-mail Address;Mobile Phone;Last Name;First Name\n"
            "J@X.DE;01609876543;Wei\xDF;J\xFCrgen\n"
            ";+491512223334;Novak;Eva\n"
            "karl@x.de;0221 987654;Becker;Karl\n");
  RunResult r = RunVcsplit({"diff", "old.csv", "new.csv"}, dir.path());
  CHECK(r.exit_code == 1);
  CHECK(r.out ==
        "- old.csv:4: left: Karl Becker (email:karl@x.de)\n"
        "+ new.csv:4: joined: Karl Becker (phone:+49221987654 email:karl@x.de)\n");

  RunResult removed =
      RunVcsplit({"diff", "-q", "--output-removed", "gone.csv", "old.csv", "new.csv"}, dir.path());
  CHECK(ReadFile(dir / "gone.csv") ==
        "First Name,Last Name,Mobile Phone,E-mail Address\r\nKarl,Becker,,karl@x.de\r\n");
}

TEST_CASE("cli diff: errors exit 2", "[cli-diff]") {
  TempDir dir;
  WriteFile(dir / "a.vcf", kBert);
  WriteFile(dir / "b.csv", "Name,E-mail\nA,a@x.de\n");
  RunResult missing = RunVcsplit({"diff", "a.vcf", "nope.vcf"}, dir.path());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("vcsplit: nope.vcf: ") == 0);
  RunResult stdin_twice = RunVcsplit({"diff", "-", "-"}, dir.path(), kBert);
  CHECK(stdin_twice.exit_code == 2);
  RunResult from_stdin = RunVcsplit({"diff", "-q", "-", "a.vcf"}, dir.path(), kBertFolded);
  CHECK(from_stdin.exit_code == 0);
  RunResult no_dir =
      RunVcsplit({"diff", "--output-removed", "no/such/dir/x.vcf", "a.vcf", "a.vcf"}, dir.path());
  CHECK(no_dir.exit_code == 2);
}

}  // namespace
}  // namespace vcsplit
