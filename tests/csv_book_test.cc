// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "csv/csv_book.h"

#include <catch2/catch.hpp>

#include "phone/keys.h"
#include "vcsplit/error.h"

namespace vcsplit {
namespace {

struct Book {
  std::string prefix;
  std::vector<Chunk> chunks;
  std::string dialect, encoding;
  CollectingReporter reporter;
};

Book ReadBook(const std::string& data, CsvBookOptions options = {},
              std::string* overflow = nullptr) {
  Book b;
  StringSource src(data);
  CsvBookReader reader(&src, "b.csv", &b.reporter, options);
  if (overflow) reader.SetOverflowSink([overflow](std::string_view s) { overflow->append(s); });
  reader.Start();
  b.prefix = reader.OutputPrefix();
  b.dialect = reader.description().dialect();
  b.encoding = reader.description().encoding;
  Chunk c;
  while (reader.Next(&c)) b.chunks.push_back(c);
  return b;
}

// ASCII text as UTF-16LE bytes.
std::string Utf16Le(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

std::vector<std::string> Keys(const Chunk& c) {
  PhoneNormalizer phones("DE");
  NullReporter quiet;
  std::vector<std::string> out;
  for (const Key& k : PersonKeys(c.people.at(0), &phones, "b.csv", &quiet)) {
    out.push_back(k.ToString());
  }
  return out;
}

TEST_CASE("csv book: Outlook English keys, records byte for byte", "[csv-book]") {
  std::string header =
      "First Name,Last Name,Business Phone,Mobile Phone,E-mail Address,E-mail Type,"
      "E-mail Display Name\r\n";
  std::string r1 = "Anna,Schmidt,030 1234,0171 555,Anna@Example.de,SMTP,Anna (anna@example.de)\r\n";
  std::string r2 = "Bob,,,,,,\r\n";
  Book b = ReadBook(header + r1 + r2);
  CHECK(b.prefix == header);
  CHECK(b.dialect == "outlook");
  REQUIRE(b.chunks.size() == 2);
  CHECK(b.chunks[0].raw == r1);
  CHECK(b.chunks[0].line == 2);
  CHECK(b.chunks[0].crlf);
  CHECK(Keys(b.chunks[0]) ==
        std::vector<std::string>{"phone:+49301234", "phone:+49171555", "email:anna@example.de"});
  CHECK(b.chunks[0].people[0].n == "Anna Schmidt");
  CHECK(Keys(b.chunks[1]).empty());
}

TEST_CASE("csv book: Google ' ::: ' multi-values, type columns are not keys", "[csv-book]") {
  Book b = ReadBook(
      "Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value\n"
      "Olga,* Work ::: * Home,o@x.de ::: olga@y.de,Mobile,+44 20 7946 0958 ::: 030 1234\n");
  CHECK(b.dialect == "google");
  REQUIRE(b.chunks.size() == 1);
  CHECK(Keys(b.chunks[0]) == std::vector<std::string>{"phone:+442079460958", "phone:+49301234",
                                                      "email:o@x.de", "email:olga@y.de"});
  CHECK(b.chunks[0].people[0].fn == "Olga");
}

TEST_CASE("csv book: German Outlook, semicolon and Windows-1252", "[csv-book]") {
  std::string data =
      "\"Vorname\";\"Nachname\";\"Telefon gesch\xE4"
      "ftlich\";\"Mobiltelefon\";\"Autotelefon\";"
      "\"E-Mail-Adresse\";\"E-Mail-Typ\";\"E-Mail: Angezeigter Name\";\"E-Mail 2: Adresse\"\r\n"
      "\"J\xFCrgen\";\"Wei\xDF\";\"030 1234\";\"\";\"0171 9\";\"j@x.de\";\"SMTP\";\"J (j@x.de)\";"
      "\"J2@X.DE\"\r\n";
  Book b = ReadBook(data);
  CHECK(b.dialect == "outlook-de");
  CHECK(b.encoding == "windows-1252");
  REQUIRE(b.chunks.size() == 1);
  CHECK(Keys(b.chunks[0]) == std::vector<std::string>{"phone:+49301234", "phone:+491719",
                                                      "email:j@x.de", "email:j2@x.de"});
  CHECK(b.chunks[0].people[0].n == "J\xC3\xBCrgen Wei\xC3\x9F");
}

TEST_CASE("csv book: Thunderbird, with a trailing empty column", "[csv-book]") {
  Book b = ReadBook(
      "First Name,Last Name,Display Name,Primary Email,Secondary Email,Work Phone,Mobile "
      "Number,Notes,\n"
      "A,B,A B,a@b.de,,,0171 1,note\n"
      "C,D,C D,c@d.de,,,,,\n");
  CHECK(b.dialect == "thunderbird");
  REQUIRE(b.chunks.size() == 2);
  CHECK(b.chunks[0].readable());  // one field fewer than the header's trailing empty column
  CHECK(b.chunks[1].readable());
  CHECK(Keys(b.chunks[0]) == std::vector<std::string>{"phone:+491711", "email:a@b.de"});
}

TEST_CASE("csv book: UTF-16LE with BOM is decoded for keys, written as read", "[csv-book]") {
  std::string header = "\xFF\xFE" + Utf16Le("Name,Primary Email\r\n");
  std::string rec = Utf16Le("Zoe,Zoe@Example.ORG\r\n");
  Book b = ReadBook(header + rec);
  CHECK(b.encoding == "utf-16le");
  CHECK(b.prefix == header);
  REQUIRE(b.chunks.size() == 1);
  CHECK(b.chunks[0].raw == rec);
  CHECK(Keys(b.chunks[0]) == std::vector<std::string>{"email:zoe@example.org"});
}

TEST_CASE("csv book: UTF-16 ending in half a character keeps the byte and rejects its record",
          "[csv-book]") {
  std::string header = "\xFF\xFE" + Utf16Le("Name,Primary Email\r\n");
  std::string first = Utf16Le("Zoe,zoe@example.org\r\n");
  std::string last = Utf16Le("Ann,ann@example.org") + "A";  // an odd number of bytes
  Book b = ReadBook(header + first + last);
  REQUIRE(b.chunks.size() == 2);
  CHECK(b.chunks[0].raw == first);
  CHECK(b.chunks[0].readable());
  CHECK(b.chunks[1].raw == last);  // no byte lost
  CHECK(b.chunks[1].kind == ChunkKind::kMalformed);
  CHECK(b.chunks[1].problem == "the file ends in the middle of a UTF-16 character");
  // The byte alone after a complete record.
  Book alone = ReadBook(header + first + "A");
  REQUIRE(alone.chunks.size() == 2);
  CHECK(alone.chunks[1].raw == "A");
  CHECK(alone.chunks[1].kind == ChunkKind::kMalformed);
}

TEST_CASE("csv book: a preamble before the header goes with the header", "[csv-book]") {
  std::string preamble =
      "Notes:\n\"When exporting your connection data, you may notice that some e-mail "
      "addresses are missing.\"\n\n";
  std::string header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
  std::string rec =
      "Anna,Schmidt,https://example.org/in/anna,anna@example.de,ACME,CEO,01 Jan 2024\n";
  Book b = ReadBook(preamble + header + rec);
  CHECK(b.prefix == preamble + header);
  REQUIRE(b.chunks.size() == 1);
  CHECK(b.chunks[0].raw == rec);
  CHECK(b.chunks[0].line == 5);
}

TEST_CASE("csv book: RFC 4180 as found in the wild", "[csv-book]") {
  std::string header = "Name,E-mail,Notes\r\n";
  std::string multi =
      "\"Doe, Jane\",jane@x.de,\"line 1\r\nline 2\nline 3\rline 4 \"\"quoted\"\"\"\r\n";
  std::string empties = "\"\",,\"\"\r\n";
  std::string blank = "\r\n";
  std::string last = "Max,max@x.de,end";
  Book b = ReadBook(header + multi + empties + blank + last);
  // A blank line is not a record (SPEC §3.2): dropped, not counted.
  REQUIRE(b.chunks.size() == 3);
  CHECK(b.chunks[0].raw == multi);
  CHECK(b.chunks[0].people[0].fn == "Doe, Jane");
  CHECK(b.chunks[1].raw == empties);
  CHECK(b.chunks[1].line == 6);
  CHECK(b.chunks[1].readable());  // all-empty rows are kept, as records with no keys
  CHECK(Keys(b.chunks[1]).empty());
  CHECK(b.chunks[2].raw == last);
  CHECK(b.chunks[2].line == 8);
  CHECK(b.chunks[2].missing_newline);
  CHECK(b.chunks[2].crlf);  // the file's line breaks are CRLF
  CHECK(Keys(b.chunks[2]) == std::vector<std::string>{"email:max@x.de"});
}

TEST_CASE("csv book: bad records are rejected with file:line, the rest continues", "[csv-book]") {
  std::string data = "Name,E-mail\nA,a@x.de,extra\nB\n" + std::string("C,c@x\0de\n", 9) +
                     "D,\xFF\xFE@x.de\nE,e@x.de\nF,\"never closed\n";
  Book b = ReadBook(std::string(data.data(), data.size()));
  REQUIRE(b.chunks.size() == 6);
  CHECK(b.chunks[0].kind == ChunkKind::kMalformed);
  CHECK(b.chunks[1].kind == ChunkKind::kMalformed);
  CHECK(b.chunks[2].kind == ChunkKind::kMalformed);
  CHECK(b.encoding == "windows-1252");  // the start is not valid UTF-8
  CHECK(b.chunks[3].readable());
  CHECK(b.chunks[4].readable());
  CHECK(Keys(b.chunks[4]) == std::vector<std::string>{"email:e@x.de"});
  CHECK(b.chunks[5].kind == ChunkKind::kMalformed);
  std::vector<std::string> messages;
  for (const Diagnostic& d : b.reporter.diagnostics()) messages.push_back(FormatDiagnostic(d));
  CHECK(messages ==
        std::vector<std::string>{"b.csv:2: record has 3 fields, the header has 2",
                                 "b.csv:3: record has 1 fields, the header has 2",
                                 "b.csv:4: field 2 holds a NUL byte",
                                 "b.csv:7: quoted field not closed before the end of the file"});
}

TEST_CASE("csv book: invalid UTF-8 after a valid start rejects that record", "[csv-book]") {
  std::string good;
  while (good.size() < 70000) good += "M\xC3\xBCller,m@x.de\n";
  Book b = ReadBook("Name,E-mail\n" + good + "Bad\xFF,b@x.de\nOk,o@x.de\n");
  CHECK(b.encoding == "utf-8");
  REQUIRE(b.chunks.size() >= 2);
  CHECK(b.chunks[b.chunks.size() - 2].kind == ChunkKind::kMalformed);
  CHECK(b.chunks.back().readable());
  REQUIRE(b.reporter.diagnostics().size() == 1);
  CHECK(b.reporter.diagnostics()[0].message == "field 1 is not valid utf-8");
}

TEST_CASE("csv book: a header without key columns is a usage error naming them", "[csv-book]") {
  try {
    ReadBook("Vorname,Nachname,Ort\nA,B,C\n");
    FAIL("expected an error");
  } catch (const FatalError& e) {
    CHECK(e.code() == kExitUsage);
    CHECK(std::string(e.what()).find("columns seen: Vorname, Nachname, Ort") != std::string::npos);
    CHECK(std::string(e.what()).find("--phone-columns") != std::string::npos);
  }
}

TEST_CASE("csv book: --no-header and named key columns", "[csv-book]") {
  CsvBookOptions opts;
  opts.no_header = true;
  opts.phone_columns = {"2"};
  opts.email_columns = {"4"};
  Book b = ReadBook("John Doe,0171 1,Doe,john@doe.invalid\n", opts);
  CHECK(b.prefix.empty());
  REQUIRE(b.chunks.size() == 1);
  CHECK(b.chunks[0].line == 1);
  CHECK(Keys(b.chunks[0]) == std::vector<std::string>{"phone:+491711", "email:john@doe.invalid"});

  CsvBookOptions named;
  named.phone_columns = {"Tel", "handy"};
  named.uid_column = "Kundennummer";
  Book c = ReadBook("Kundennummer;Name;Tel;Handy;Fax\nK-1;A;030 1234;0171 2;030 9\n", named);
  CHECK(Keys(c.chunks[0]) ==
        std::vector<std::string>{"phone:+49301234", "phone:+491712", "uid:K-1"});  // Fax replaced
  CsvBookOptions missing;
  missing.email_columns = {"Mail"};
  CHECK_THROWS_AS(ReadBook("Name,E-mail\nA,a@b.de\n", missing), FatalError);
}

TEST_CASE("csv book: a record over the size limit goes to the overflow sink", "[csv-book]") {
  CsvBookOptions opts;
  opts.max_record_size = 100;
  std::string big = "A,\"" + std::string(1000, 'x') + "\"\n";
  std::string overflow;
  Book b = ReadBook("Name,Notes,E-mail\n" + big + "B,n,b@x.de\n", opts, &overflow);
  REQUIRE(b.chunks.size() == 2);
  CHECK(b.chunks[0].kind == ChunkKind::kOversized);
  CHECK(overflow == big);
  CHECK(Keys(b.chunks[1]) == std::vector<std::string>{"email:b@x.de"});
}

TEST_CASE("csv book: column classification", "[csv-book]") {
  for (const char* phone :
       {"Business Phone", "Home Phone 2", "Mobile Number", "Pager", "Callback", "Telex", "ISDN",
        "Business Fax", "Fax Number", "Phone 3 - Value",
        "Telefon gesch\xC3\xA4"
        "ftlich",
        "Mobiltelefon", "Autotelefon", "Fax privat", "Weiteres Telefon", "cp_phone1", "cp_fax"}) {
    INFO(phone);
    CHECK(ClassifyColumn(phone) == ColumnRole::kPhone);
  }
  for (const char* email : {"E-mail Address", "E-mail 2 Address", "E-Mail-Adresse",
                            "E-Mail 2: Adresse", "Primary Email", "E-mail 1 - Value", "email"}) {
    INFO(email);
    CHECK(ClassifyColumn(email) == ColumnRole::kEmail);
  }
  for (const char* other : {"E-mail Type", "E-Mail-Typ", "E-Mail: Angezeigter Name",
                            "E-mail Display Name", "Phone 1 - Type", "Notes", "Firma"}) {
    INFO(other);
    CHECK(ClassifyColumn(other) == ColumnRole::kOther);
  }
}

}  // namespace
}  // namespace vcsplit
