// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// --to vcard (SPEC §3.3): golden conversions, folding, and an independent
// parser (python3-vobject) reading every converted card.

#include "vcard/convert.h"

#include <cstdlib>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SourcePath;
using test::TempDir;
using test::WriteFile;

TEST_CASE("convert: folding at 75 octets, never inside a UTF-8 character", "[convert]") {
  std::string line = "NOTE:" + std::string(70, 'a') + "\xC3\xBC" + std::string(100, 'b');
  std::string folded = FoldLine(line);
  size_t start = 0;
  std::string unfolded;
  while (start < folded.size()) {
    size_t end = folded.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    std::string piece = folded.substr(start, end - start);
    CHECK(piece.size() <= 75);
    unfolded += start == 0 ? piece : piece.substr(1);
    if (start > 0) CHECK(piece[0] == ' ');
    start = end + 2;
  }
  CHECK(unfolded == line);
  CHECK(folded.find("\xC3\r\n") == std::string::npos);
}

TEST_CASE("convert: birthdays, Outlook fillers dropped", "[convert]") {
  CHECK(NormalizeBirthday("1981-02-14") == "1981-02-14");
  CHECK(NormalizeBirthday("14.2.1981") == "1981-02-14");
  CHECK(NormalizeBirthday("2/14/1981") == "1981-02-14");
  CHECK(NormalizeBirthday("0/0/00") == "");
  CHECK(NormalizeBirthday("0.0.00") == "");
  CHECK(NormalizeBirthday("someday") == "");
}

TEST_CASE("convert: an Outlook record becomes a vCard 3.0 card", "[convert]") {
  std::vector<std::string> header = {
      "Title",        "First Name",      "Last Name",      "Company",
      "Job Title",    "Business Street", "Business City",  "Business Postal Code",
      "Mobile Phone", "Business Fax",    "E-mail Address", "Birthday",
      "Notes"};
  std::vector<std::string> fields = {"Dr.",       "Anna",   "Schmidt, Jr",     "ACME",   "CEO",
                                     "Main St 5", "Berlin", "10115",           "0171 1", "030 9",
                                     "a@b.de",    "0/0/00", "line 1\r\nline 2"};
  CHECK(CsvRecordToVcard(header, fields) ==
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Schmidt\\, Jr\r\nN:Schmidt\\, Jr;Anna;;Dr.;\r\n"
        "ORG:ACME\r\nTITLE:CEO\r\nTEL;TYPE=CELL:0171 1\r\nTEL;TYPE=FAX,WORK:030 9\r\n"
        "EMAIL;TYPE=INTERNET:a@b.de\r\nADR;TYPE=WORK:;;Main St 5;Berlin;;10115;\r\n"
        "NOTE:line 1\\nline 2\r\nEND:VCARD\r\n");
}

TEST_CASE("convert: a 2.1 card is decoded and rewritten, 3.0 and 4.0 pass through", "[convert]") {
  std::string v21 =
      "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J="
      "F6rg\r\n"
      "TEL;WORK;VOICE:030 1234\r\nNOTE;ENCODING=QUOTED-PRINTABLE:a, b=0D=0Ac=\r\nd\r\n"
      "PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n/9j/4AAQ\r\nSkZJRg\r\n\r\nAGENT:\r\nBEGIN:VCARD\r\n"
      "VERSION:2.1\r\nFN:Lena\r\nTEL:0152 1\r\nEND:VCARD\r\nEND:VCARD\r\n";
  std::string converted = VcardTo30(v21);
  for (size_t at; (at = converted.find("\r\n ")) != std::string::npos;) converted.erase(at, 3);
  CHECK(converted ==
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jörg Müller\r\nN:Müller;Jörg\r\n"
        "TEL;TYPE=WORK,VOICE:030 1234\r\nNOTE:a\\, b\\ncd\r\n"
        "PHOTO;TYPE=JPEG;ENCODING=b:/9j/4AAQSkZJRg\r\n"
        "AGENT:BEGIN:VCARD\\nVERSION:3.0\\nN:\\;\\;\\;\\;\\nFN:Lena\\nTEL:0152 1\\nEND:VCARD\\n\r\n"
        "END:VCARD\r\n");
  std::string v30 = "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n";
  CHECK(VcardTo30(v30) == v30);
}

TEST_CASE("convert: golden files for each CSV dialect", "[convert]") {
  for (const char* dialect : {"outlook-de", "google", "thunderbird"}) {
    INFO(dialect);
    TempDir dir;
    std::string book = SourcePath(std::string("examples/contacts-") + dialect + ".csv");
    RunResult r = RunVcsplit({"split", "-q", "-l", SourcePath("tests/data/empty-ledger.csv"),
                              "--to", "vcard", "--unknown", "native", book},
                             dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK(ReadFile(dir / "native.vcf") ==
          ReadFile(SourcePath(std::string("tests/data/golden/contacts-") + dialect + ".vcf")));
  }
}

// Every converted card parses with python3-vobject and carries the numbers
// and e-mails of its source.
TEST_CASE("convert: python3-vobject reads every converted card", "[convert]") {
  TempDir dir;
  RunResult r =
      RunVcsplit({"split", "-q", "-l", SourcePath("examples/consent.csv"), "--as-of", "2026-11-30",
                  "--to", "vcard", "--unknown", "native", "--report", "r.json", "--report-cards",
                  SourcePath("examples/contacts-outlook-de.csv"),
                  SourcePath("examples/contacts-google.csv"), SourcePath("examples/contacts.vcf")},
                 dir.path());
  REQUIRE(r.exit_code == 0);
  CHECK(test::ListDir(dir.path()) ==
        std::vector<std::string>{"native.vcf", "r.json", "rejects.vcf", "secondary.vcf"});
  WriteFile(dir / "check.py",
            "import sys, vobject\n"
            "total = 0\n"
            "tels, mails = set(), set()\n"
            "for f in sys.argv[1:]:\n"
            "    for card in vobject.readComponents(open(f, encoding='utf-8').read()):\n"
            "        total += 1\n"
            "        assert card.name == 'VCARD'\n"
            "        assert card.version.value in ('3.0', '4.0'), card.version.value\n"
            "        for t in card.contents.get('tel', []): tels.add(t.value)\n"
            "        for e in card.contents.get('email', []): mails.add(e.value.lower())\n"
            "print(total)\n"
            "print(' | '.join(sorted(tels)))\n"
            "print(' | '.join(sorted(mails)))\n");
  std::string cmd = "cd '" + dir.path() +
                    "' && /usr/bin/python3 check.py native.vcf secondary.vcf > out.txt 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::string out = ReadFile(dir / "out.txt");
  INFO(out);
  CHECK(out.rfind("24\n", 0) == 0);  // 25 cards, one rejected
  for (const char* number : {"0171 1234567", "030 5550100", "0176/44455566", "+49 (0)30 555 01 00",
                             "+33 6 12 34 56 78", "0044 20 7946 0958", "+44 20 7946 0018",
                             "+44 20 7946 0019", "+49 160 9876543", "0221 987654"}) {
    INFO(number);
    CHECK(out.find(number) != std::string::npos);
  }
  for (const char* mail : {"anna.schmidt@example.de", "ines.kowalski@example.pl",
                           "frank.meier@example.de", "david.brown@example.co.uk"}) {
    INFO(mail);
    CHECK(out.find(mail) != std::string::npos);
  }
}

}  // namespace
}  // namespace vcsplit
