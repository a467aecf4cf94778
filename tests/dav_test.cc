// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit fetch` and `vcsplit publish` (SPEC §2.6) against real servers the
// tests start on 127.0.0.1: Radicale and Xandikos for the main cases, and
// Radicale behind a fault proxy for the failures real CardDAV clients meet.

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dav_test_util.h"

namespace vcsplit {
namespace {

using test::DavServer;
using test::FaultProxy;
using test::ListDir;
using test::Process;
using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SourcePath;
using test::SpawnOptions;
using test::TempDir;
using test::WaitFor;
using test::WriteFile;

// A card of the test, with a UID, in vCard `version` ("2.1" keeps CELL as a
// bare type).
std::string Card(const std::string& name, const std::string& tel, const std::string& version,
                 const std::string& uid = "") {
  std::string card = "BEGIN:VCARD\r\nVERSION:" + version + "\r\n";
  if (!uid.empty()) card += "UID:" + uid + "\r\n";
  card += "FN:" + name + "\r\nN:" + name + ";;;;\r\n";
  card += version == "2.1" ? "TEL;CELL:" + tel + "\r\n" : "TEL;TYPE=CELL:" + tel + "\r\n";
  return card + "END:VCARD\r\n";
}

std::string Book(size_t n, const std::string& prefix, const std::string& version = "3.0") {
  std::string book;
  for (size_t i = 0; i < n; ++i) {
    book += Card(prefix + " " + std::to_string(i), "+49171" + std::to_string(1000000 + i), version,
                 prefix + "-" + std::to_string(i));
  }
  return book;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A project directory with a password file, and a server of `kind`.
struct Site {
  TempDir dir;
  std::string password_file = dir / "password";
  std::unique_ptr<DavServer> server;

  explicit Site(DavServer::Kind kind, test::DavServerOptions o = {}) {
    WriteFile(password_file, std::string(DavServer::kPassword) + "\n");
    ::chmod(password_file.c_str(), 0600);
    ::mkdir((dir / "server").c_str(), 0700);
    server = std::make_unique<DavServer>(kind, dir / "server", o);
  }

  // native.vcf and secondary.vcf of `native` and `secondary` cards.
  void WriteBooks(size_t native, size_t secondary) const {
    WriteFile(dir / "native.vcf", Book(native, "Native"));
    WriteFile(dir / "secondary.vcf", Book(secondary, "Secondary"));
  }

  std::vector<std::string> Login() const {
    if (!server->needs_login()) return {};
    return {"--user", DavServer::kUser, "--password-file", password_file};
  }

  // `vcsplit publish` of native.vcf and secondary.vcf in dir, through `port`.
  std::vector<std::string> Publish(std::vector<std::string> extra = {}, int port = 0) const {
    std::vector<std::string> args = {"publish", "--native-url", server->Collection("native", port),
                                     "--secondary-url", server->Collection("secondary", port)};
    for (const std::string& a : Login()) args.push_back(a);
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(dir / "native.vcf");
    args.push_back(dir / "secondary.vcf");
    return args;
  }

  RunResult Fetch(const std::string& collection, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"fetch", "-q", server->Collection(collection)};
    for (const std::string& a : Login()) args.push_back(a);
    args.insert(args.end(), extra.begin(), extra.end());
    return RunVcsplit(args, dir.path());
  }

  // A card put straight onto a collection, as a phone or another client
  // would (with Python's standard library, not with vcsplit).
  void PutForeign(const std::string& collection, const std::string& href,
                  const std::string& card) const {
    std::string url = server->Collection(collection) + href;
    WriteFile(dir / "foreign-card", card);
    std::string script =
        "import base64,sys,urllib.request\n"
        "req=urllib.request.Request(sys.argv[1],data=open(sys.argv[2],'rb').read(),method='PUT')\n"
        "req.add_header('Content-Type','text/vcard')\n"
        "if sys.argv[3]:\n"
        "  req.add_header('Authorization','Basic "
        "'+base64.b64encode(sys.argv[3].encode()).decode())\n"
        "urllib.request.urlopen(req)\n";
    SpawnOptions o;
    o.program = "/usr/bin/python3";
    std::string login =
        server->needs_login() ? std::string(DavServer::kUser) + ":" + DavServer::kPassword : "";
    Process p({"-c", script, url, dir / "foreign-card", login}, dir.path(), o);
    RunResult r = p.Wait();
    REQUIRE(r.exit_code == 0);
  }
};

std::string KindName(DavServer::Kind kind) {
  return kind == DavServer::Kind::kRadicale ? "radicale" : "xandikos";
}

TEST_CASE("dav: publish makes the collections hold the books, a second run sends nothing",
          "[dav]") {
  auto kind = GENERATE(DavServer::Kind::kRadicale, DavServer::Kind::kXandikos);
  INFO(KindName(kind));
  Site site(kind);
  FaultProxy proxy(site.server->port(), site.dir.path());
  // A 2.1 card with a bare CELL type and one without a UID go native.
  WriteFile(site.dir / "native.vcf",
            Book(3, "Native", "3.0") + Card("Old Phone", "+491601112223", "2.1", "n-21") +
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Uid\r\nN:Uid;No;;;\r\nEMAIL:no.uid@x.de\r\n"
                "END:VCARD\r\n");
  WriteFile(site.dir / "secondary.vcf", Book(5, "Secondary"));

  RunResult first = RunVcsplit(site.Publish({"--create"}, proxy.port()), site.dir.path());
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  RunResult native = site.Fetch("native");
  REQUIRE(native.exit_code == 0);
  CHECK(Count(native.out, "BEGIN:VCARD") == 5);
  CHECK(Count(site.Fetch("secondary").out, "BEGIN:VCARD") == 5);
  // Uploaded as 3.0: the 2.1 card's CELL survived the server.
  CHECK(native.out.find("TYPE=CELL:+491601112223") != std::string::npos);
  // The card without a UID got a stable one.
  CHECK(native.out.find("UID:vcsplit-") != std::string::npos);

  // The same books again: no PUT, DELETE or MKCOL at all.
  proxy.ClearLog();
  RunResult second =
      RunVcsplit(site.Publish({"--report", "run.json"}, proxy.port()), site.dir.path());
  REQUIRE(second.exit_code == 0);
  for (const std::string& line : proxy.Log()) {
    INFO(line);
    CHECK(line.rfind("PUT", 0) != 0);
    CHECK(line.rfind("DELETE", 0) != 0);
    CHECK(line.rfind("MKCOL", 0) != 0);
  }
  auto report = nlohmann::json::parse(ReadFile(site.dir / "run.json"));
  CHECK(report["native"]["unchanged"] == 5);
  CHECK(report["secondary"]["unchanged"] == 5);
  CHECK(report["native"]["created"] == 0);
  std::string text = ReadFile(site.dir / "run.json");
  CHECK(text.find("Native") == std::string::npos);  // no names, hrefs or cards
  CHECK(text.find(".vcf") == std::string::npos);

  // Fetching twice gives identical bytes.
  CHECK(site.Fetch("native").out == native.out);
}

TEST_CASE("dav: a withdrawn contact leaves the native collection, foreign cards are saved first",
          "[dav]") {
  auto kind = GENERATE(DavServer::Kind::kRadicale, DavServer::Kind::kXandikos);
  INFO(KindName(kind));
  Site site(kind);
  site.WriteBooks(3, 2);
  REQUIRE(RunVcsplit(site.Publish({"--create"}), site.dir.path()).exit_code == 0);
  // A phone user added a contact to the native collection.
  site.PutForeign("native", "from-phone.vcf", Card("Phone Made", "+491609998887", "3.0", "p-1"));
  REQUIRE(Count(site.Fetch("native").out, "BEGIN:VCARD") == 4);

  // Native 1 withdrew: tonight's books move the card to secondary.
  std::string withdrawn = Card("Native 1", "+491711000001", "3.0", "Native-1");
  std::string native = Book(3, "Native");
  native.erase(native.find(withdrawn), withdrawn.size());
  WriteFile(site.dir / "native.vcf", native);
  WriteFile(site.dir / "secondary.vcf", Book(2, "Secondary") + withdrawn);
  ::mkdir((site.dir / "foreign").c_str(), 0700);
  RunResult r = RunVcsplit(site.Publish({"--foreign-dir", site.dir / "foreign"}), site.dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string now = site.Fetch("native").out;
  CHECK(Count(now, "BEGIN:VCARD") == 2);
  CHECK(now.find("Native 1") == std::string::npos);
  CHECK(now.find("Phone Made") == std::string::npos);
  CHECK(site.Fetch("secondary").out.find("FN:Native 1") != std::string::npos);
  std::vector<std::string> saved = ListDir(site.dir / "foreign");
  REQUIRE(saved.size() == 1);
  CHECK(saved[0].rfind("foreign-", 0) == 0);
  CHECK(ReadFile(site.dir / "foreign/" + saved[0]).find("FN:Phone Made") != std::string::npos);
  CHECK(test::FileMode(site.dir / "foreign/" + saved[0]) == 0600);
}

// The requests of a log, in order, with the collection they went to.
struct Logged {
  std::string method;
  bool native = false;
};

std::vector<Logged> Requests(const std::vector<std::string>& log) {
  std::vector<Logged> out;
  for (const std::string& line : log) {
    std::string method = line.substr(0, line.find(' '));
    out.push_back({method, line.find("/native/") != std::string::npos});
  }
  return out;
}

TEST_CASE("dav: no native upload before the last native deletion, a failed deletion stops it",
          "[dav]") {
  auto kind = GENERATE(DavServer::Kind::kRadicale, DavServer::Kind::kXandikos);
  INFO(KindName(kind));
  Site site(kind);
  FaultProxy proxy(site.server->port(), site.dir.path());
  site.WriteBooks(4, 4);
  REQUIRE(RunVcsplit(site.Publish({"--create"}, proxy.port()), site.dir.path()).exit_code == 0);
  // Two natives withdrew, two new ones joined, the secondary book changed.
  WriteFile(site.dir / "native.vcf", Book(2, "Native") + Book(2, "Joined"));
  WriteFile(site.dir / "secondary.vcf", Book(3, "Secondary") + Book(2, "Moved"));
  proxy.ClearLog();
  RunResult r = RunVcsplit(site.Publish({}, proxy.port()), site.dir.path());
  REQUIRE(r.exit_code == 0);
  std::vector<Logged> log = Requests(proxy.Log());
  auto last = [&](const std::string& m, bool native) {
    int at = -1;
    for (size_t i = 0; i < log.size(); ++i) {
      if (log[i].method == m && log[i].native == native) at = static_cast<int>(i);
    }
    return at;
  };
  auto first = [&](const std::string& m, bool native) {
    for (size_t i = 0; i < log.size(); ++i) {
      if (log[i].method == m && log[i].native == native) return static_cast<int>(i);
    }
    return -1;
  };
  REQUIRE(last("DELETE", true) >= 0);
  REQUIRE(first("PUT", true) >= 0);
  CHECK(last("DELETE", true) < first("PUT", false));  // native deletions first
  CHECK(last("PUT", false) < first("PUT", true));     // then secondary, then native
  CHECK(last("PUT", true) < first("DELETE", false));  // secondary deletions last

  // A native deletion that fails stops the run before any upload.
  WriteFile(site.dir / "native.vcf", Book(1, "Native"));
  WriteFile(site.dir / "secondary.vcf", Book(3, "Secondary") + Book(2, "Moved") + Book(1, "Late"));
  proxy.SetRules("{\"method\": \"DELETE\", \"path\": \"/native/\", \"status\": 500}\n");
  proxy.ClearLog();
  RunResult failed = RunVcsplit(site.Publish({}, proxy.port()), site.dir.path());
  CHECK(failed.exit_code == 3);
  CHECK(failed.err.find("nothing was uploaded; run again") != std::string::npos);
  for (const std::string& line : proxy.Log()) CHECK(line.rfind("PUT", 0) != 0);
  // Without the fault the next run converges.
  proxy.SetRules("");
  REQUIRE(RunVcsplit(site.Publish({}, proxy.port()), site.dir.path()).exit_code == 0);
  CHECK(Count(site.Fetch("native").out, "BEGIN:VCARD") == 1);
}

TEST_CASE("dav: identity: a UID on two cards, a UID in both books", "[dav]") {
  auto kind = GENERATE(DavServer::Kind::kRadicale, DavServer::Kind::kXandikos);
  INFO(KindName(kind));
  Site site(kind);
  WriteFile(site.dir / "native.vcf", Card("First", "+491711111111", "3.0", "dup") +
                                         Card("Second", "+491712222222", "3.0", "dup") +
                                         Card("Both", "+491713333333", "3.0", "both"));
  WriteFile(site.dir / "secondary.vcf", Card("Both", "+491713333333", "3.0", "both"));
  RunResult r = RunVcsplit(site.Publish({"--create"}), site.dir.path());
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("same UID as the card at") != std::string::npos);
  CHECK(r.err.find("UID also in the secondary book; published to secondary only") !=
        std::string::npos);
  std::string native = site.Fetch("native").out;
  CHECK(Count(native, "BEGIN:VCARD") == 1);
  CHECK(native.find("FN:First") != std::string::npos);
  CHECK(site.Fetch("secondary").out.find("FN:Both") != std::string::npos);
}

TEST_CASE("dav: one collection for both books is refused before any request", "[dav]") {
  Site site(DavServer::Kind::kXandikos);
  FaultProxy proxy(site.server->port(), site.dir.path());
  site.WriteBooks(1, 1);
  std::string native = site.server->Collection("native", proxy.port());
  std::string base = native.substr(0, native.rfind("native/"));
  std::string port = std::to_string(proxy.port());
  // Written differently, one collection: no final slash, a doubled slash,
  // a dot segment, an escaped letter, the host in capitals, the default
  // port of a scheme.
  const std::vector<std::string> same = {
      native.substr(0, native.size() - 1), base + "/native/", base + "x/../native/",
      base + "n%61tive/", "HTTP://127.0.0.1:" + port + native.substr(native.find('/', 7))};
  for (const std::string& secondary : same) {
    CAPTURE(secondary);
    RunResult r = RunVcsplit({"publish", "--native-url", native, "--secondary-url", secondary,
                              "--create", site.dir / "native.vcf", site.dir / "secondary.vcf"},
                             site.dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("name the same collection; give two separate address books; nothing was "
                     "written") != std::string::npos);
  }
  // One inside the other.
  RunResult nested = RunVcsplit({"publish", "--native-url", native, "--secondary-url", base,
                                 site.dir / "native.vcf", site.dir / "secondary.vcf"},
                                site.dir.path());
  CHECK(nested.exit_code == 2);
  CHECK(nested.err.find("name one collection inside the other") != std::string::npos);
  CHECK(proxy.Log().empty());
  // Two collections side by side are fine.
  RunResult two = RunVcsplit(site.Publish({"--create"}, proxy.port()), site.dir.path());
  CHECK(two.exit_code == 0);
}

TEST_CASE("dav: the secondary delete guard, dry runs and the ledger check", "[dav]") {
  Site site(DavServer::Kind::kRadicale);
  FaultProxy proxy(site.server->port(), site.dir.path());
  site.WriteBooks(1, 10);
  REQUIRE(RunVcsplit(site.Publish({"--create"}, proxy.port()), site.dir.path()).exit_code == 0);

  // Eight of ten secondary cards would go: more than 50%, none goes.
  WriteFile(site.dir / "secondary.vcf", Book(2, "Secondary"));
  RunResult guarded = RunVcsplit(site.Publish({}, proxy.port()), site.dir.path());
  CHECK(guarded.exit_code == 1);
  CHECK(guarded.err.find("8 of 10 cards (80%) would be deleted") != std::string::npos);
  CHECK(Count(site.Fetch("secondary").out, "BEGIN:VCARD") == 10);
  RunResult allowed =
      RunVcsplit(site.Publish({"--max-secondary-delete", "90"}, proxy.port()), site.dir.path());
  CHECK(allowed.exit_code == 0);
  CHECK(Count(site.Fetch("secondary").out, "BEGIN:VCARD") == 2);

  // A dry run lists and writes nothing.
  WriteFile(site.dir / "native.vcf", Book(2, "Native"));
  proxy.ClearLog();
  RunResult dry = RunVcsplit(site.Publish({"--dry-run"}, proxy.port()), site.dir.path());
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("create native ") == 0);
  for (const std::string& line : proxy.Log()) {
    CHECK(line.rfind("PUT", 0) != 0);
    CHECK(line.rfind("DELETE", 0) != 0);
  }
  CHECK(Count(site.Fetch("native").out, "BEGIN:VCARD") == 1);

  // With --ledger the native book is checked first: a card without consent
  // stops the run before anything is written.
  WriteFile(site.dir / "consent.csv", "timestamp,status,phone\n2024-01-01,given,+491711000000\n");
  proxy.ClearLog();
  RunResult ledger = RunVcsplit(site.Publish({"--ledger", site.dir / "consent.csv"}, proxy.port()),
                                site.dir.path());
  CHECK(ledger.exit_code == 1);
  CHECK(ledger.err.find("may not be in the native book (no-ledger-entry)") != std::string::npos);
  CHECK(proxy.Log().empty());
}

TEST_CASE("dav: faults: 412, 413, 429 with Retry-After, 503, cut-off and oversized answers",
          "[dav]") {
  Site site(DavServer::Kind::kRadicale);
  FaultProxy proxy(site.server->port(), site.dir.path());
  site.WriteBooks(1, 1);
  REQUIRE(RunVcsplit(site.Publish({"--create"}, proxy.port()), site.dir.path()).exit_code == 0);
  site.WriteBooks(3, 3);
  // An earlier run's upload that arrived after all (412 on a new card), a
  // rate limit, a busy server and an answer cut off half way: all survived.
  proxy.SetRules(
      "{\"method\": \"PUT\", \"path\": \"/native/\", \"status\": 412, \"times\": 1}\n"
      "{\"method\": \"PUT\", \"status\": 429, \"retry_after\": \"1\", \"times\": 2}\n"
      "{\"method\": \"PROPFIND\", \"status\": 503, \"times\": 1}\n"
      "{\"method\": \"REPORT\", \"cut\": true, \"times\": 1}\n");
  auto start = std::chrono::steady_clock::now();
  RunResult r = RunVcsplit(site.Publish({"--report", "run.json"}, proxy.port()), site.dir.path());
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::seconds(2));  // Retry-After
  CHECK(Count(site.Fetch("native").out, "BEGIN:VCARD") == 3);
  auto report = nlohmann::json::parse(ReadFile(site.dir / "run.json"));
  CHECK(report["http"]["retries"].get<int>() >= 4);

  // A card too large for the server (413): reported, the run goes on, exit 1.
  WriteFile(site.dir / "native.vcf", Book(3, "Native") + Book(1, "Huge"));
  proxy.SetRules("{\"method\": \"PUT\", \"path\": \"/native/\", \"status\": 413}\n");
  RunResult large = RunVcsplit(site.Publish({}, proxy.port()), site.dir.path());
  CHECK(large.exit_code == 1);
  CHECK(large.err.find("too large for the native collection's server (413)") != std::string::npos);
  CHECK(Count(site.Fetch("native").out, "BEGIN:VCARD") == 3);

  // An endless answer is refused at the cap.
  proxy.SetRules("{\"method\": \"PROPFIND\", \"oversize\": 70000000}\n");
  RunResult huge = RunVcsplit(site.Publish({}, proxy.port()), site.dir.path());
  CHECK(huge.exit_code == 3);
  CHECK(huge.err.find("response larger than 64 MiB; refused") != std::string::npos);

  // A server that stays unavailable: exit 3 after the retries.
  proxy.SetRules("{\"method\": \"PROPFIND\", \"status\": 507}\n");
  RunResult full = RunVcsplit(site.Publish({}, proxy.port()), site.dir.path());
  CHECK(full.exit_code == 3);
  proxy.SetRules("{\"method\": \"PROPFIND\", \"status\": 503}\n");
  RunResult busy = RunVcsplit(site.Publish({}, proxy.port()), site.dir.path());
  CHECK(busy.exit_code == 3);
}

TEST_CASE(
    "dav: bad access: wrong password, readable password file, not an address book, "
    "plain http elsewhere, an untrusted certificate",
    "[dav]") {
  Site site(DavServer::Kind::kRadicale, test::DavServerOptions{true, 0});
  site.WriteBooks(1, 1);
  std::vector<std::string> ca = {"--ca-file", site.server->certificate()};

  // A self-signed certificate without --ca-file: exit 2, says what to do.
  RunResult untrusted = RunVcsplit(site.Publish({"--create"}), site.dir.path());
  CHECK(untrusted.exit_code == 2);
  CHECK(untrusted.err.find("trust it with --ca-file FILE") != std::string::npos);
  RunResult trusted = RunVcsplit(site.Publish({"--create", ca[0], ca[1]}), site.dir.path());
  INFO(trusted.err);
  CHECK(trusted.exit_code == 0);

  WriteFile(site.dir / "wrong", "not the password\n");
  ::chmod((site.dir / "wrong").c_str(), 0600);
  RunResult wrong = RunVcsplit({"fetch", site.server->Collection("native"), "--user", "alice",
                                "--password-file", site.dir / "wrong", ca[0], ca[1]},
                               site.dir.path());
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("401 Unauthorized") != std::string::npos);

  ::chmod(site.password_file.c_str(), 0644);
  RunResult readable = RunVcsplit(site.Publish({ca[0], ca[1]}), site.dir.path());
  CHECK(readable.exit_code == 2);
  CHECK(readable.err.find("group or others can read it; run 'chmod 600") != std::string::npos);
  ::chmod(site.password_file.c_str(), 0600);

  // The user's principal is a collection, but not an address book.
  std::string principal = site.server->Collection("native");
  principal = principal.substr(0, principal.rfind("native/"));
  RunResult not_book = RunVcsplit(
      {"fetch", principal, "--user", "alice", "--password-file", site.password_file, ca[0], ca[1]},
      site.dir.path());
  CHECK(not_book.exit_code == 2);
  CHECK(not_book.err.find("not an address book") != std::string::npos);

  // Plain http to another machine is refused before any connection.
  RunResult elsewhere = RunVcsplit({"fetch", "http://192.0.2.1/dav/contacts/"}, site.dir.path());
  CHECK(elsewhere.exit_code == 2);
  CHECK(elsewhere.err.find("plain http only to this machine") != std::string::npos);
  // Names that only look like loopback are not.
  for (const char* host :
       {"127.0.0.1.example.org", "128.0.0.1", "127.0.0.256", "localhost.example.org"}) {
    CAPTURE(host);
    RunResult look_alike =
        RunVcsplit({"fetch", fmt::format("http://{}/dav/", host)}, site.dir.path());
    CHECK(look_alike.exit_code == 2);
    CHECK(look_alike.err.find("plain http only to this machine") != std::string::npos);
  }
}

TEST_CASE("dav: fetch and publish refuse an empty book, --allow-empty", "[dav]") {
  Site site(DavServer::Kind::kXandikos);
  site.WriteBooks(1, 1);
  REQUIRE(RunVcsplit(site.Publish({"--create"}), site.dir.path()).exit_code == 0);
  // The default address book of Xandikos is empty.
  RunResult empty = RunVcsplit({"fetch", "-o", "book.vcf", site.server->Collection("addressbook")},
                               site.dir.path());
  CHECK(empty.exit_code == 2);
  CHECK(empty.err.find("no cards found; nothing was written") != std::string::npos);
  CHECK_FALSE(test::Exists(site.dir / "book.vcf"));
  RunResult allowed = RunVcsplit(
      {"fetch", "--allow-empty", "-o", "book.vcf", site.server->Collection("addressbook")},
      site.dir.path());
  CHECK(allowed.exit_code == 0);
  CHECK(ReadFile(site.dir / "book.vcf").empty());
  RunResult file =
      RunVcsplit({"fetch", "-o", "native.out", site.server->Collection("native")}, site.dir.path());
  CHECK(file.exit_code == 0);
  CHECK(test::FileMode(site.dir / "native.out") == 0600);

  // publish refuses an empty book (a failed export must not empty the
  // phones): exit 2, the collection keeps its card.
  WriteFile(site.dir / "native.vcf", "");
  RunResult refused = RunVcsplit(site.Publish(), site.dir.path());
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("native.vcf: no cards found; nothing was written") != std::string::npos);
  RunResult after = RunVcsplit({"fetch", "-o", "native.after", site.server->Collection("native")},
                               site.dir.path());
  CHECK(after.exit_code == 0);
  CHECK(ReadFile(site.dir / "native.after") == ReadFile(site.dir / "native.out"));
  // --allow-empty empties it, on purpose.
  RunResult emptied = RunVcsplit(site.Publish({"--allow-empty"}), site.dir.path());
  CHECK(emptied.exit_code == 0);
  CHECK(RunVcsplit(
            {"fetch", "--allow-empty", "-o", "native.empty", site.server->Collection("native")},
            site.dir.path())
            .exit_code == 0);
  CHECK(ReadFile(site.dir / "native.empty").empty());
}

TEST_CASE("dav: a server killed in the middle of a large publish, the next run converges",
          "[dav]") {
  Site site(DavServer::Kind::kRadicale);
  FaultProxy proxy(site.server->port(), site.dir.path());
  site.WriteBooks(400, 400);
  Process run(site.Publish({"--create"}, proxy.port()), site.dir.path());
  // Half way through the uploads, the server dies.
  REQUIRE(WaitFor(
      [&] {
        std::vector<std::string> log = proxy.Log();
        return std::count_if(log.begin(), log.end(),
                             [](const std::string& l) { return l.rfind("PUT", 0) == 0; }) >= 200;
      },
      120));
  site.server->Kill();
  RunResult killed = run.Wait();
  CHECK(killed.exit_code == 3);
  CHECK(killed.err.find("run again") != std::string::npos);
  // Restarted, the next run converges: nothing extra on native.
  site.server->Start();
  RunResult again = RunVcsplit(site.Publish({}, proxy.port()), site.dir.path());
  INFO(again.err);
  CHECK(again.exit_code == 0);
  std::string native = site.Fetch("native").out;
  CHECK(Count(native, "BEGIN:VCARD") == 400);
  CHECK(native.find("Secondary") == std::string::npos);
  CHECK(Count(site.Fetch("secondary").out, "BEGIN:VCARD") == 400);
}

TEST_CASE("dav: credentials from a netrc file, from VCSPLIT_DAV_PASSWORD, and by Digest", "[dav]") {
  Site site(DavServer::Kind::kRadicale);
  site.WriteBooks(2, 1);
  REQUIRE(RunVcsplit(site.Publish({"--create"}), site.dir.path()).exit_code == 0);
  std::string url = site.server->Collection("native");

  // A netrc file with the machine's entry: no --user needed.
  std::string netrc = site.dir / "netrc";
  WriteFile(netrc, fmt::format("machine 127.0.0.1\nlogin {}\npassword {}\n", DavServer::kUser,
                               DavServer::kPassword));
  ::chmod(netrc.c_str(), 0600);
  RunResult by_netrc = RunVcsplit({"fetch", "-q", url, "--netrc-file", netrc}, site.dir.path());
  INFO(by_netrc.err);
  CHECK(by_netrc.exit_code == 0);
  CHECK(Count(by_netrc.out, "BEGIN:VCARD") == 2);
  // One that names only another machine sends nothing: 401, exit 2.
  WriteFile(netrc, "machine dav.example.org\nlogin alice\npassword wonderland\n");
  RunResult other_machine =
      RunVcsplit({"fetch", "-q", url, "--netrc-file", netrc}, site.dir.path());
  CHECK(other_machine.exit_code == 2);
  CHECK(other_machine.err.find("401") != std::string::npos);
  // A netrc file others can read is refused before any connection.
  ::chmod(netrc.c_str(), 0640);
  RunResult loose = RunVcsplit({"fetch", "-q", url, "--netrc-file", netrc}, site.dir.path());
  CHECK(loose.exit_code == 2);
  CHECK(loose.err.find("group or others can read it") != std::string::npos);
  RunResult both =
      RunVcsplit({"fetch", "-q", url, "--netrc-file", netrc, "--password-file", site.password_file},
                 site.dir.path());
  CHECK(both.exit_code == 2);
  CHECK(both.err.find("not both") != std::string::npos);

  // The password in the environment, with --user.
  SpawnOptions env;
  env.env = {std::string("VCSPLIT_DAV_PASSWORD=") + DavServer::kPassword};
  RunResult by_env =
      Process({"fetch", "-q", url, "--user", DavServer::kUser}, site.dir.path(), env).Wait();
  INFO(by_env.err);
  CHECK(by_env.exit_code == 0);
  CHECK(by_env.out == by_netrc.out);
  env.env = {"VCSPLIT_DAV_PASSWORD=not the password"};
  RunResult wrong_env =
      Process({"fetch", "-q", url, "--user", DavServer::kUser}, site.dir.path(), env).Wait();
  CHECK(wrong_env.exit_code == 2);
  CHECK(wrong_env.err.find("401 Unauthorized") != std::string::npos);
  // A password file wins over the environment.
  RunResult file_first = Process({"fetch", "-q", url, "--user", DavServer::kUser, "--password-file",
                                  site.password_file},
                                 site.dir.path(), env)
                             .Wait();
  CHECK(file_first.exit_code == 0);

  // Digest: a server that offers nothing else (the proxy checks Digest in
  // front of a Xandikos, which has no login of its own). Reading and
  // writing both authenticate, the PUT's body included.
  Site digest_site(DavServer::Kind::kXandikos);
  FaultProxy proxy(digest_site.server->port(), digest_site.dir.path());
  proxy.SetRules(fmt::format("{{\"digest\": {{\"user\": \"{}\", \"password\": \"{}\"}}}}\n",
                             DavServer::kUser, DavServer::kPassword));
  digest_site.WriteBooks(2, 1);
  std::vector<std::string> login = {"--user", DavServer::kUser, "--password-file",
                                    site.password_file};
  std::vector<std::string> publish = digest_site.Publish({"--create"}, proxy.port());
  publish.insert(publish.begin() + 1, login.begin(), login.end());
  RunResult digest = RunVcsplit(publish, digest_site.dir.path());
  INFO(digest.err);
  CHECK(digest.exit_code == 0);
  std::vector<std::string> log = proxy.Log();
  CHECK(std::count_if(log.begin(), log.end(), [](const std::string& l) {
          return l.rfind("PUT", 0) == 0 && l.find(" 201") != std::string::npos;
        }) == 3);
  std::vector<std::string> fetch = {"fetch", "-q",
                                    digest_site.server->Collection("native", proxy.port())};
  fetch.insert(fetch.end(), login.begin(), login.end());
  RunResult digest_fetch = RunVcsplit(fetch, digest_site.dir.path());
  CHECK(digest_fetch.exit_code == 0);
  CHECK(Count(digest_fetch.out, "BEGIN:VCARD") == 2);
  WriteFile(digest_site.dir / "wrong", "not the password\n");
  ::chmod((digest_site.dir / "wrong").c_str(), 0600);
  fetch.back() = digest_site.dir / "wrong";
  RunResult digest_wrong = RunVcsplit(fetch, digest_site.dir.path());
  CHECK(digest_wrong.exit_code == 2);
  CHECK(digest_wrong.err.find("401") != std::string::npos);
}

TEST_CASE("dav: --timeout gives up on a silent server and retries, 412 on an update overwrites",
          "[dav]") {
  Site site(DavServer::Kind::kRadicale);
  FaultProxy proxy(site.server->port(), site.dir.path());
  site.WriteBooks(3, 1);
  REQUIRE(RunVcsplit(site.Publish({"--create"}, proxy.port()), site.dir.path()).exit_code == 0);

  // The first listing hangs for 5 s: with --timeout 1 it is given up and
  // asked again (with the default 120 s it would simply be waited for).
  proxy.SetRules("{\"method\": \"PROPFIND\", \"delay\": 5, \"times\": 1}\n");
  RunResult slow = RunVcsplit(
      site.Publish({"--timeout", "1", "--report", "slow.json"}, proxy.port()), site.dir.path());
  INFO(slow.err);
  CHECK(slow.exit_code == 0);
  auto slow_report = nlohmann::json::parse(ReadFile(site.dir / "slow.json"));
  CHECK(slow_report["http"]["retries"].get<int>() >= 1);
  CHECK(slow_report["native"]["unchanged"] == 3);

  // Card 1 changes; the server says it changed there too (412 on the
  // conditional update): it is read again and overwritten, and counted.
  std::string book = Book(3, "Native");
  size_t at = book.find("+491711000001");
  REQUIRE(at != std::string::npos);
  book.replace(at, 13, "+491719999999");
  WriteFile(site.dir / "native.vcf", book);
  proxy.SetRules("{\"method\": \"PUT\", \"path\": \"/native/\", \"status\": 412, \"times\": 1}\n");
  proxy.ClearLog();
  RunResult edited =
      RunVcsplit(site.Publish({"--report", "edited.json"}, proxy.port()), site.dir.path());
  INFO(edited.err);
  CHECK(edited.exit_code == 0);
  auto report = nlohmann::json::parse(ReadFile(site.dir / "edited.json"));
  CHECK(report["native"]["updated"] == 1);
  CHECK(report["native"]["unchanged"] == 2);
  std::vector<std::string> puts;
  for (const std::string& l : proxy.Log()) {
    UNSCOPED_INFO(l);
    if (l.rfind("PUT", 0) == 0) puts.push_back(l.substr(l.rfind(' ') + 1));
  }
  REQUIRE(puts.size() == 2);
  CHECK(puts[0] == "412");
  CHECK(puts[1].front() == '2');
  std::string native = site.Fetch("native").out;
  CHECK(native.find("+491719999999") != std::string::npos);
  CHECK(native.find("+491711000001") == std::string::npos);
}

TEST_CASE("dav: an answer with a document type is refused: no entity expansion, no file read",
          "[dav]") {
  Site site(DavServer::Kind::kXandikos);
  FaultProxy proxy(site.server->port(), site.dir.path());
  std::string url = site.server->Collection("addressbook", proxy.port());
  auto answer = [&](const std::string& body) {
    proxy.SetRules(nlohmann::json{{"method", "PROPFIND"}, {"status", 207}, {"body", body}}.dump() +
                   "\n");
    return RunVcsplit({"fetch", "-o", "book.vcf", url}, site.dir.path());
  };
  const std::string multistatus =
      "<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\">"
      "<d:response><d:href>{}</d:href><d:propstat><d:prop><d:resourcetype><d:collection/>"
      "<c:addressbook/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status>"
      "</d:propstat></d:response></d:multistatus>\n";

  // 80 KB that would be 500 MB of text: one entity of 50,000 bytes,
  // referenced 10,000 times.
  std::string refs;
  for (int i = 0; i < 10000; ++i) refs += "&a;";
  RunResult bomb =
      answer("<?xml version=\"1.0\"?>\n<!DOCTYPE d:multistatus [\n<!ENTITY a \"" +
             std::string(50000, 'x') + "\">\n]>\n" + fmt::format(fmt::runtime(multistatus), refs));
  CHECK(bomb.exit_code == 3);
  CHECK(bomb.err.find("declares a document type; refused") != std::string::npos);
  INFO("peak RSS " << bomb.max_rss_kb << " KiB");
  CHECK(bomb.max_rss_kb < 64 * 1024 * test::kSanitizerFactor);

  // An external entity naming a local file: never read.
  WriteFile(site.dir / "secret", "the-secret-text\n");
  RunResult external =
      answer("<?xml version=\"1.0\"?>\n<!DOCTYPE d:multistatus [\n<!ENTITY s SYSTEM \"file://" +
             site.dir / "secret" + "\">\n]>\n" + fmt::format(fmt::runtime(multistatus), "/&s;"));
  CHECK(external.exit_code == 3);
  CHECK(external.err.find("declares a document type; refused") != std::string::npos);
  CHECK(external.err.find("the-secret-text") == std::string::npos);
  CHECK_FALSE(test::Exists(site.dir / "book.vcf"));

  // The same answer without the document type is read (and the collection
  // it names is empty).
  RunResult plain = answer(fmt::format(fmt::runtime(multistatus), "/dav/"));
  CHECK(plain.err.find("document type") == std::string::npos);
  CHECK(plain.exit_code == 2);
  CHECK(plain.err.find("no cards") != std::string::npos);
}

}  // namespace
}  // namespace vcsplit
