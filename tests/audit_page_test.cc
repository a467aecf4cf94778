// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit report --html` (SPEC §2.7): the page made from real run reports of
// the example book parses as XML, loads nothing from anywhere, holds the
// reports' figures and none of the book's personal data; bad report lists
// exit 2 and write nothing; histories keep purposes apart and mark the runs
// whose native book shrank; Chromium renders it to a page that is not blank.

#include <sys/stat.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

using nlohmann::json;
using test::Exists;
using test::Process;
using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SourcePath;
using test::SpawnOptions;
using test::TempDir;
using test::WriteFile;

// The page as an XML tree: every element with its attributes and the text
// of the table cells, in document order.
struct ParsedPage {
  bool parsed = false;
  std::vector<std::string> elements;                            // names
  std::vector<std::pair<std::string, std::string>> attributes;  // name, value
  std::vector<std::vector<std::string>> rows;                   // text of each <tr>'s cells
  std::string style;                                            // text of <style>
  std::vector<std::string> paragraph_classes;                   // class of each <p>, in order
};

std::string TextOf(xmlNode* node) {
  xmlChar* text = xmlNodeGetContent(node);
  std::string out = text ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return out;
}

void Walk(xmlNode* node, ParsedPage* page) {
  for (xmlNode* n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    std::string name = reinterpret_cast<const char*>(n->name);
    page->elements.push_back(name);
    for (xmlAttr* a = n->properties; a; a = a->next) {
      xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
      page->attributes.emplace_back(reinterpret_cast<const char*>(a->name),
                                    v ? reinterpret_cast<const char*>(v) : "");
      xmlFree(v);
    }
    if (name == "tr") {
      std::vector<std::string> cells;
      for (xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) cells.push_back(TextOf(c));
      }
      page->rows.push_back(cells);
    }
    if (name == "style") page->style += TextOf(n);
    if (name == "p") {
      xmlChar* cls = xmlGetProp(n, reinterpret_cast<const xmlChar*>("class"));
      page->paragraph_classes.emplace_back(cls ? reinterpret_cast<const char*>(cls) : "");
      xmlFree(cls);
    }
    Walk(n->children, page);
  }
}

ParsedPage Parse(const std::string& html) {
  ParsedPage page;
  xmlDoc* doc = xmlReadMemory(html.data(), static_cast<int>(html.size()), "page.html", "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return page;
  page.parsed = true;
  Walk(xmlDocGetRootElement(doc), &page);
  xmlFreeDoc(doc);
  return page;
}

bool HasRow(const ParsedPage& page, const std::vector<std::string>& cells) {
  return std::find(page.rows.begin(), page.rows.end(), cells) != page.rows.end();
}

// Nothing the page would load: no scripts, no links, sources or URLs; the
// only "http" is the SVG namespace name.
void CheckSelfContained(const std::string& html, const ParsedPage& page) {
  REQUIRE(page.parsed);
  for (const std::string& e : page.elements) {
    CHECK(e != "script");
    CHECK(e != "link");
    CHECK(e != "img");
    CHECK(e != "iframe");
    CHECK(e != "object");
  }
  for (const auto& [name, value] : page.attributes) {
    CHECK(name != "href");
    CHECK(name != "src");
    CHECK(name != "srcset");
    CHECK(name.rfind("on", 0) != 0);  // no event handlers
    if (name == "xmlns") CHECK(value == "http://www.w3.org/2000/svg");
  }
  CHECK(page.style.find("url(") == std::string::npos);
  CHECK(page.style.find("@import") == std::string::npos);
  std::string rest = html;
  for (size_t at; (at = rest.find("http://www.w3.org/2000/svg")) != std::string::npos;) {
    rest.erase(at, 26);
  }
  CHECK(rest.find("http") == std::string::npos);
  CHECK(rest.find("<script") == std::string::npos);
}

constexpr const char* kAsOf = "2026-11-29";

// Runs split on the example book with a report in `dir`; returns its path.
std::string ExampleReport(const TempDir& dir, const std::string& name,
                          const std::vector<std::string>& extra = {}) {
  std::string out = dir / ("out-" + name);
  ::mkdir(out.c_str(), 0700);
  std::vector<std::string> args = {"split",    "-q",
                                   "--as-of",  kAsOf,
                                   "-l",       SourcePath("examples/consent.csv"),
                                   "-o",       out,
                                   "--report", dir / (name + ".json")};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(SourcePath("examples/contacts.vcf"));
  RunResult r = RunVcsplit(args, dir.path());
  REQUIRE(r.exit_code == 0);
  return dir / (name + ".json");
}

std::string Render(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), "report");
  args.insert(args.end(), {"--html", dir / "audit.html"});
  RunResult r = RunVcsplit(args, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return ReadFile(dir / "audit.html");
}

// The names, numbers and e-mail addresses of the example book, as written
// and (numbers) as digits only.
std::vector<std::string> PersonalData() {
  std::vector<std::string> values;
  std::string book = ReadFile(SourcePath("examples/contacts.vcf"));
  size_t pos = 0;
  while (pos < book.size()) {
    size_t end = book.find('\n', pos);
    if (end == std::string::npos) end = book.size();
    std::string line = book.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string upper = line;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    bool wanted = upper.rfind("FN", 0) == 0 || upper.rfind("TEL", 0) == 0 ||
                  upper.rfind("EMAIL", 0) == 0 || upper.rfind("ITEM1.EMAIL", 0) == 0;
    if (!wanted) continue;
    std::string value = line.substr(colon + 1);
    if (value.rfind("tel:", 0) == 0) value = value.substr(4);
    if (value.size() < 4) continue;
    values.push_back(value);
    if (upper.rfind("TEL", 0) == 0) {
      std::string digits;
      for (char c : value) {
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
      }
      // The number without its trunk or country prefix, as E.164 ends.
      if (digits.size() > 7) values.push_back(digits.substr(digits.size() - 7));
    }
  }
  return values;
}

TEST_CASE("report: the example run's page parses, loads nothing and holds its figures",
          "[report]") {
  TempDir dir;
  std::string report = ExampleReport(dir, "run");
  json j = json::parse(ReadFile(report));
  for (const char* lang : {"en", "de"}) {
    INFO(lang);
    std::string html = Render(dir, {"--lang", lang, report});
    ParsedPage page = Parse(html);
    CheckSelfContained(html, page);
    CHECK(html.find(fmt::format("<html lang=\"{}\">", lang)) != std::string::npos);
    // Figures: every SHA-256 the report names, the totals, each reason's count.
    CHECK(html.find(j["inputs"][0]["sha256"].get<std::string>()) != std::string::npos);
    CHECK(html.find(j["ledger"]["sha256"][0].get<std::string>()) != std::string::npos);
    for (const char* book : {"native", "secondary", "rejects"}) {
      CHECK(html.find(j["outputs"][book]["sha256"].get<std::string>()) != std::string::npos);
    }
    CHECK(html.find(j["version"].get<std::string>()) != std::string::npos);
    std::string native_label = std::string(lang) == "de"
                                   ? "Natives Adressbuch (Einwilligung liegt vor)"
                                   : "Native book (consent on record)";
    CHECK(HasRow(page, {native_label, j["outputs"]["native"]["path"].get<std::string>(),
                        j["outputs"]["native"]["sha256"].get<std::string>(),
                        std::to_string(j["counts"]["native"].get<int>())}));
    int reasons = 0;
    for (const auto& item : j["reasons"].items()) {
      const std::string reason = item.key();
      const std::string count = std::to_string(item.value().get<int>());
      bool found = std::any_of(page.rows.begin(), page.rows.end(), [&](const auto& row) {
        return row.size() == 3 && row[0] == reason && row[2] == count;
      });
      INFO(reason);
      CHECK(found);
      ++reasons;
    }
    CHECK(reasons == 11);
    // The warning of the example book, with its line.
    CHECK(HasRow(page, {j["warnings"][0]["file"].get<std::string>(),
                        std::to_string(j["warnings"][0]["line"].get<int>()),
                        j["warnings"][0]["message"].get<std::string>()}));
    CHECK(std::count(page.elements.begin(), page.elements.end(), "svg") == 1);  // bars only
    CHECK(html.find("@page { size: A4") != std::string::npos);
  }
  std::string de = Render(dir, {"--lang", "de", report});
  CHECK(de.find("Einwilligungsregister") != std::string::npos);
  CHECK(de.find("Art. 7 Abs. 1 DSGVO") != std::string::npos);
  CHECK(de.find("Consent ledger") == std::string::npos);
}

TEST_CASE("report: no personal data unless the reports hold it and --include-cards is given",
          "[report]") {
  TempDir dir;
  std::vector<std::string> personal = PersonalData();
  REQUIRE(personal.size() > 20);
  std::string plain = ExampleReport(dir, "plain");
  std::string with_cards = ExampleReport(dir, "cards", {"--report-cards"});
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{plain}, std::vector<std::string>{with_cards},
        std::vector<std::string>{"--lang", "de", plain, with_cards},
        std::vector<std::string>{"--include-cards", plain}}) {
    std::string html = Render(dir, args);
    for (const std::string& value : personal) {
      INFO(value);
      CHECK(html.find(value) == std::string::npos);
    }
    CHECK(html.find("class=\"notice\"") == std::string::npos);
  }
  // Left out, and the page says so.
  std::string without = Render(dir, {with_cards});
  CHECK(without.find("--include-cards to show them") != std::string::npos);

  // With --include-cards: the matched keys are there and the page says so
  // at the top, before anything else.
  std::string html = Render(dir, {"--include-cards", with_cards});
  ParsedPage page = Parse(html);
  CheckSelfContained(html, page);
  REQUIRE_FALSE(page.paragraph_classes.empty());
  CHECK(page.paragraph_classes[0] == "notice");
  json j = json::parse(ReadFile(with_cards));
  int keys = 0;
  for (const json& card : j["cards"]) {
    if (card["matched_key"].is_null()) continue;
    CHECK(html.find(card["matched_key"].get<std::string>()) != std::string::npos);
    ++keys;
  }
  CHECK(keys >= 3);
}

// A report as vcsplit writes it, with the given purpose, start and counts.
json MadeUpReport(const std::string& purpose, const std::string& started, int native,
                  int secondary) {
  return json{{"tool", "vcsplit"},
              {"version", "0.2.0"},
              {"command", "split"},
              {"started", started},
              {"as_of", started.substr(0, 19)},
              {"purpose", purpose},
              {"region", "DE"},
              {"inputs", json::array({{{"path", "export.vcf"},
                                       {"format", "vcard"},
                                       {"sha256", std::string(64, 'a')},
                                       {"cards", native + secondary}}})},
              {"ledger",
               {{"paths", {"consent.csv"}},
                {"sha256", {std::string(64, 'b')}},
                {"events", 12},
                {"warnings", 0},
                {"chain_heads", {nullptr}}}},
              {"counts",
               {{"cards", native + secondary},
                {"native", native},
                {"secondary", secondary},
                {"rejected", 0}}},
              {"reasons", {{"consent-given", native}, {"no-ledger-entry", secondary}}},
              {"warnings", json::array()}};
}

TEST_CASE("report: a history per purpose, never summed, marks the runs whose native book shrank",
          "[report]") {
  TempDir dir;
  // Written out of order: the page orders by start time.
  WriteFile(dir / "r3.json", MadeUpReport("whatsapp", "2026-11-30T02:30:00Z", 1180, 40).dump());
  WriteFile(dir / "r1.json", MadeUpReport("whatsapp", "2026-11-28T02:30:00Z", 1200, 30).dump());
  WriteFile(dir / "r2.json", MadeUpReport("whatsapp", "2026-11-29T02:30:00Z", 1210, 31).dump());
  WriteFile(dir / "s1.json", MadeUpReport("signal", "2026-11-29T03:00:00Z", 77, 5).dump());
  WriteFile(dir / "r4.json", MadeUpReport("whatsapp", "2026-12-01T02:30:00Z", 1179, 41).dump());
  std::string html = Render(
      dir, {dir / "r3.json", dir / "r1.json", dir / "s1.json", dir / "r2.json", dir / "r4.json"});
  ParsedPage page = Parse(html);
  CheckSelfContained(html, page);
  // One line chart (whatsapp has four runs, signal one) plus a bar chart per run.
  CHECK(std::count(page.elements.begin(), page.elements.end(), "svg") == 1 + 5);
  CHECK(std::count(page.elements.begin(), page.elements.end(), "polyline") == 2);
  // History rows: time order, change of the native count, shrinks marked.
  CHECK(HasRow(page, {"2026-11-28 02:30 UTC", "split", "1,230", "1,200", "30", "0", ""}));
  CHECK(HasRow(page, {"2026-11-29 02:30 UTC", "split", "1,241", "1,210", "31", "0", "+10"}));
  CHECK(HasRow(page, {"2026-11-30 02:30 UTC", "split", "1,220", "1,180", "40", "0",
                      "\u25bc \u221230 (native book shrank)"}));
  CHECK(HasRow(page, {"2026-12-01 02:30 UTC", "split", "1,220", "1,179", "41", "0",
                      "\u25bc \u22121 (native book shrank)"}));
  // The signal run is alone in its history: no change against a whatsapp run.
  CHECK(HasRow(page, {"2026-11-29 03:00 UTC", "split", "82", "77", "5", "0", ""}));
  // Never summed over purposes: 1,210 + 77 appears nowhere.
  CHECK(html.find("1,287") == std::string::npos);
  CHECK(html.find("1287") == std::string::npos);
  // The shrink mark in the chart: one per shrinking run.
  size_t marks = 0;
  for (size_t at = 0;
       (at = html.find("<title>native book shrank</title>", at)) != std::string::npos; ++at) {
    ++marks;
  }
  CHECK(marks == 2);
  // The latest run (by time) is summarised first and detailed first.
  CHECK(html.find("vcsplit 0.2.0 divided 1,220 cards: <b>1,179</b>") < html.find("History"));

  std::string de = Render(dir, {"--lang", "de", dir / "r1.json", dir / "r3.json"});
  ParsedPage de_page = Parse(de);
  CHECK(HasRow(de_page, {"30.11.2026, 02:30 UTC", "split", "1.220", "1.180", "40", "0",
                         "\u25bc \u221220 (natives Adressbuch geschrumpft)"}));
}

TEST_CASE("report: reports of older versions and of check runs render", "[report]") {
  TempDir dir;
  json old = MadeUpReport("whatsapp", "2026-11-28T02:30:00Z", 3, 10);
  old.erase("started");
  old["version"] = "0.1.0";
  old["ledger"].erase("chain_heads");
  old["inputs"][0].erase("sha256");
  WriteFile(dir / "old.json", old.dump());
  json check = MadeUpReport("", "2026-11-29T02:30:00Z", 3, 10);
  check["command"] = "check";
  check["purpose"] = nullptr;
  WriteFile(dir / "check.json", check.dump());
  std::string html = Render(dir, {dir / "old.json", dir / "check.json"});
  ParsedPage page = Parse(html);
  CheckSelfContained(html, page);
  CHECK(html.find("not recorded by this version") != std::string::npos);
  CHECK(html.find("checked 13 cards") != std::string::npos);
  CHECK(html.find("(none named)") != std::string::npos);
}

TEST_CASE("report: text from the reports is escaped", "[report]") {
  TempDir dir;
  json r = MadeUpReport("<b>x</b>", "2026-11-28T02:30:00Z", 3, 10);
  r["inputs"][0]["path"] = "<script>alert(1)</script>&.vcf";
  r["warnings"] = json::array({{{"file", "a\"b"}, {"line", 3}, {"message", "x < y & z"}}});
  WriteFile(dir / "r.json", r.dump());
  std::string html = Render(dir, {dir / "r.json"});
  ParsedPage page = Parse(html);
  CheckSelfContained(html, page);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;&amp;.vcf") != std::string::npos);
  CHECK(HasRow(page, {"a\"b", "3", "x < y & z"}));
}

TEST_CASE("report: what is not a list of run reports exits 2 and writes nothing", "[report]") {
  TempDir dir;
  std::string good = ExampleReport(dir, "good");
  json diff_like = {{"tool", "vcsplit"}, {"command", "diff"}, {"left", json::array()}};
  json publish_like = {{"tool", "vcsplit"}, {"command", "publish"}, {"counts", {{"put", 1}}}};
  json wrong_sum = MadeUpReport("whatsapp", "2026-11-28T02:30:00Z", 3, 10);
  wrong_sum["counts"]["native"] = 4;
  json negative = MadeUpReport("whatsapp", "2026-11-28T02:30:00Z", 3, 10);
  negative["reasons"]["consent-given"] = -1;
  json other_tool = json::parse(ReadFile(good));
  other_tool["tool"] = "othertool";
  WriteFile(dir / "diff.json", diff_like.dump());
  WriteFile(dir / "publish.json", publish_like.dump());
  WriteFile(dir / "sum.json", wrong_sum.dump());
  WriteFile(dir / "negative.json", negative.dump());
  WriteFile(dir / "other.json", other_tool.dump());
  WriteFile(dir / "array.json", "[1, 2]");
  WriteFile(dir / "text.json", "not json at all\n");
  WriteFile(dir / "empty.json", "");
  WriteFile(dir / "pkg.json", R"({"name": "x", "version": "1.0"})");
  ::mkdir((dir / "reports").c_str(), 0700);
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{}, "name at least one run report"},
      {{dir / "reports"}, "is a directory"},
      {{dir / "missing.json"}, "missing.json: No such file"},
      {{good, dir / "diff.json"}, "diff.json: not a vcsplit run report (a diff report"},
      {{dir / "publish.json"}, "not a vcsplit run report (a publish report"},
      {{dir / "sum.json"}, "counts do not add up"},
      {{dir / "negative.json"}, "is not a count"},
      {{dir / "other.json"}, "other.json: not a vcsplit run report"},
      {{dir / "array.json"}, "not a JSON object"},
      {{dir / "text.json"}, "not JSON"},
      {{dir / "empty.json"}, "not JSON"},
      {{dir / "pkg.json", good}, "pkg.json: not a vcsplit run report"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"report"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    args.insert(args.end(), {"--html", dir / "audit.html"});
    RunResult r = RunVcsplit(args, dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK_FALSE(Exists(dir / "audit.html"));
  }
  // A page from before stays as it was when a report is bad.
  WriteFile(dir / "audit.html", "yesterday");
  CHECK(RunVcsplit({"report", good, dir / "text.json", "--html", dir / "audit.html"}, dir.path())
            .exit_code == 2);
  CHECK(ReadFile(dir / "audit.html") == "yesterday");
  // And the good report alone replaces it, private to the user.
  CHECK(RunVcsplit({"report", good, "--html", dir / "audit.html"}, dir.path()).exit_code == 0);
  CHECK(ReadFile(dir / "audit.html").rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(test::FileMode(dir / "audit.html") == 0600);
  // - writes to standard output.
  RunResult out = RunVcsplit({"report", good, "--html", "-"}, dir.path());
  CHECK(out.exit_code == 0);
  CHECK(out.out == ReadFile(dir / "audit.html"));
}

TEST_CASE("report: Chromium renders the page to something that is not blank",
          "[report][chromium]") {
  TempDir dir;
  std::string report = ExampleReport(dir, "run");
  std::string later = ExampleReport(dir, "later");
  Render(dir, {report, later});
  SpawnOptions o;
  o.program = "/usr/bin/chromium";
  o.env = {"HOME=" + dir.path()};
  REQUIRE(Exists(o.program));  // installed by scripts/install-deps.sh
  Process chromium({"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--user-data-dir=" + (dir / "profile"), "--window-size=1000,1400",
                    "--screenshot=" + (dir / "page.png"), "file://" + (dir / "audit.html")},
                   dir.path(), o);
  RunResult r = chromium.Wait();
  INFO(r.err);
  REQUIRE(Exists(dir / "page.png"));
  // Share of pixels that are not white, and whether the native line's green
  // and the secondary line's blue are there.
  SpawnOptions py;
  py.program = "/usr/bin/python3";
  Process check({"-c",
                 "import sys\n"
                 "from PIL import Image\n"
                 "im = Image.open(sys.argv[1]).convert('RGB')\n"
                 "px = list(im.getdata())\n"
                 "ink = sum(1 for p in px if p != (255, 255, 255)) / len(px)\n"
                 "green = any(abs(p[0]-0x2f) < 12 and abs(p[1]-0x85) < 12 and abs(p[2]-0x5a) < 12 "
                 "for p in px)\n"
                 "blue = any(abs(p[0]-0x2b) < 12 and abs(p[1]-0x6c) < 12 and abs(p[2]-0xb0) < 12 "
                 "for p in px)\n"
                 "print(im.size[0], im.size[1], round(ink, 4), green, blue)\n",
                 dir / "page.png"},
                dir.path(), py);
  RunResult pixels = check.Wait();
  INFO(pixels.err);
  REQUIRE(pixels.exit_code == 0);
  int width = 0, height = 0;
  double ink = 0;
  char green[8] = {}, blue[8] = {};
  REQUIRE(std::sscanf(pixels.out.c_str(), "%d %d %lf %7s %7s", &width, &height, &ink, green,
                      blue) == 5);
  CHECK(width == 1000);
  CHECK(height == 1400);
  CHECK(ink > 0.02);
  CHECK(std::string(green) == "True");
  CHECK(std::string(blue) == "True");
}

}  // namespace
}  // namespace vcsplit
