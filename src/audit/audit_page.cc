// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "audit/audit_page.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/text.h"
#include "vcsplit/error.h"

namespace vcsplit {

namespace {

// Ordered: the reasons keep the order the report lists them in.
using json = nlohmann::ordered_json;

[[noreturn]] void NotAReport(const std::string& path, const std::string& why) {
  throw FatalError(kExitUsage, fmt::format("{}: not a vcsplit run report ({})", path, why));
}

// The string at j[key], or "" when absent or null; anything else is not a
// report.
std::string Text(const json& j, const char* key, const std::string& path) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) NotAReport(path, fmt::format("\"{}\" is not a string", key));
  return it->get<std::string>();
}

// The count at j[key]: a whole number of at least 0.
int64_t Count(const json& j, const char* key, const std::string& path, bool required) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) NotAReport(path, fmt::format("no \"{}\"", key));
    return 0;
  }
  if (!it->is_number_integer() || it->get<int64_t>() < 0) {
    NotAReport(path, fmt::format("\"{}\" is not a count", key));
  }
  return it->get<int64_t>();
}

const json& Object(const json& j, const char* key, const std::string& path) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) NotAReport(path, fmt::format("no \"{}\" object", key));
  return *it;
}

std::vector<std::string> Strings(const json& j, const char* key, const std::string& path) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) NotAReport(path, fmt::format("\"{}\" is not a list", key));
  for (const json& v : *it) out.push_back(v.is_string() ? v.get<std::string>() : std::string());
  return out;
}

std::string ReadWhole(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw FatalError(kExitUsage, SystemMessage(path, errno));
  if (S_ISDIR(st.st_mode)) {
    throw FatalError(
        kExitUsage,
        fmt::format("{}: is a directory; name the report files (reports/*.json)", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FatalError(kExitUsage, SystemMessage(path, errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw FatalError(kExitUsage, fmt::format("{}: cannot be read", path));
  return std::move(text).str();
}

}  // namespace

RunRecord ReadRunReport(const std::string& path) {
  std::string text = ReadWhole(path);
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) NotAReport(path, "not JSON");
  if (!j.is_object()) NotAReport(path, "not a JSON object");
  if (Text(j, "tool", path) != "vcsplit") NotAReport(path, "no \"tool\": \"vcsplit\"");
  RunRecord r;
  r.file = path;
  r.command = Text(j, "command", path);
  if (r.command != "split" && r.command != "check") {
    NotAReport(path, r.command.empty()
                         ? std::string("no \"command\"")
                         : fmt::format("a {} report, not a split or check", r.command));
  }
  r.version = Text(j, "version", path);
  r.started = Text(j, "started", path);
  r.as_of = Text(j, "as_of", path);
  r.purpose = Text(j, "purpose", path);
  r.region = Text(j, "region", path);

  const json& counts = Object(j, "counts", path);
  r.cards = Count(counts, "cards", path, true);
  r.native = Count(counts, "native", path, true);
  r.secondary = Count(counts, "secondary", path, true);
  r.rejected = Count(counts, "rejected", path, true);
  if (r.native + r.secondary + r.rejected != r.cards) {
    NotAReport(path, "its counts do not add up to its cards");
  }

  if (auto it = j.find("inputs"); it != j.end() && it->is_array()) {
    for (const json& in : *it) {
      if (!in.is_object()) NotAReport(path, "an input is not an object");
      r.inputs.push_back({Text(in, "path", path), Text(in, "format", path),
                          Text(in, "sha256", path), Count(in, "cards", path, false)});
    }
  }
  if (auto it = j.find("ledger"); it != j.end() && it->is_object()) {
    r.ledger_paths = Strings(*it, "paths", path);
    r.ledger_sha256 = Strings(*it, "sha256", path);
    r.ledger_events = Count(*it, "events", path, false);
    r.ledger_warnings = Count(*it, "warnings", path, false);
    r.chain_recorded = it->contains("chain_heads");
    r.chain_heads = Strings(*it, "chain_heads", path);
  }
  if (auto it = j.find("outputs"); it != j.end() && it->is_object()) {
    for (const auto& [name, book] : it->items()) {
      if (!book.is_object()) NotAReport(path, "an output is not an object");
      r.books.push_back({name, Text(book, "path", path), Text(book, "sha256", path),
                         Count(book, "cards", path, false)});
    }
  }
  if (auto it = j.find("reasons"); it != j.end() && it->is_object()) {
    for (const auto& [reason, n] : it->items()) {
      if (!n.is_number_integer() || n.get<int64_t>() < 0) {
        NotAReport(path, fmt::format("reason \"{}\" is not a count", reason));
      }
      r.reasons.emplace_back(reason, n.get<int64_t>());
    }
  }
  if (auto it = j.find("warnings"); it != j.end() && it->is_array()) {
    for (const json& w : *it) {
      if (!w.is_object()) continue;
      r.warnings.push_back(
          {Text(w, "file", path), Text(w, "message", path), Count(w, "line", path, false)});
    }
  }
  if (auto it = j.find("cards"); it != j.end() && it->is_array()) {
    r.has_cards = true;
    for (const json& c : *it) {
      if (!c.is_object()) continue;
      r.card_list.push_back({Text(c, "input", path), Text(c, "output", path),
                             Text(c, "reason", path), Text(c, "matched_key", path),
                             Count(c, "line", path, false)});
    }
  }
  return r;
}

namespace {

// The page's words. The German is written for a German data-protection
// officer (DSGVO terms), not translated label by label.
struct Words {
  const char* lang;
  const char* title;
  const char* intro;
  const char* personal_data;
  const char* cards_left_out;
  const char* latest;
  const char* summary;  // {when} {version} {cards} {native} {secondary} {rejected} {purpose}
  const char* check_summary;
  const char* history;
  const char* history_note;
  const char* purpose;
  const char* no_purpose;
  const char* run;
  const char* started;
  const char* as_of;
  const char* version;
  const char* command;
  const char* region;
  const char* report_file;
  const char* ledger;
  const char* file;
  const char* events;
  const char* chain_head;
  const char* not_sealed;
  const char* not_recorded;
  const char* ledger_warnings;
  const char* inputs;
  const char* format;
  const char* cards;
  const char* outputs;
  const char* book;
  const char* native;
  const char* secondary;
  const char* rejected;
  const char* total;
  const char* reasons;
  const char* reason;
  const char* meaning;
  const char* count;
  const char* warnings;
  const char* none;
  const char* line;
  const char* message;
  const char* change;
  const char* shrank;
  const char* card_list;
  const char* matched_key;
  const char* output;
  const char* chart_outputs;
  const char* chart_history;
  const char* generated;
  const char* thousands;
};

constexpr Words kEnglish = {
    "en",
    "Consent audit of the address-book split",
    "This page documents how vcsplit divided the company's address book. Only contacts whose "
    "consent for the purpose named below was on record in the consent ledger went into the "
    "native address book, the one that messenger apps on the phones may upload; everyone else "
    "went into the secondary book, and cards that could not be read were set aside. It serves as "
    "evidence under GDPR Art. 5(2) and 7(1). The SHA-256 values identify the exact files used.",
    "This page contains personal data: the reports were made with --report-cards and the page "
    "with --include-cards, so it lists each card with its matched number or e-mail address. "
    "Keep and pass it on as you would the address book itself.",
    "The reports also hold per-card lines (personal data); this page leaves them out. Render it "
    "with --include-cards to show them.",
    "Latest run",
    "On {when}, vcsplit {version} divided {cards} cards: {native} into the native book, "
    "{secondary} into the secondary book, {rejected} rejected. Purpose: {purpose}.",
    "On {when}, vcsplit {version} checked {cards} cards: {native} may be in the native book, "
    "{secondary} may not, {rejected} could not be read. Purpose: {purpose}.",
    "History",
    "Runs in time order. A run whose native book holds fewer cards than the run before it is "
    "marked: contacts withdrew or lost their consent, or the export was smaller.",
    "Purpose",
    "(none named)",
    "Run",
    "Started (UTC)",
    "Ledger evaluated as of",
    "vcsplit version",
    "Command",
    "Region for numbers without country code",
    "Report file",
    "Consent ledger",
    "File",
    "Events",
    "Hash-chain head",
    "not sealed",
    "not recorded by this version",
    "Ledger warnings",
    "Inputs",
    "Format",
    "Cards",
    "Outputs",
    "Book",
    "Native book (consent on record)",
    "Secondary book",
    "Rejected (unreadable)",
    "Total",
    "Reasons",
    "Reason",
    "Meaning",
    "Cards",
    "Warnings",
    "None.",
    "Line",
    "Message",
    "Native change",
    "native book shrank",
    "Cards and their decisions",
    "Matched key",
    "Output",
    "Cards per output and per reason",
    "Native and secondary cards per run",
    "Made by vcsplit {version} from {n} report(s).",
    ",",
};

constexpr Words kGerman = {
    "de",
    "Nachweis der Einwilligungsprüfung für das Adressbuch",
    "Diese Seite belegt, wie vcsplit das Adressbuch des Unternehmens aufgeteilt hat. In das "
    "native Adressbuch – das Adressbuch der Telefone, das Messenger-Apps hochladen dürfen – "
    "gelangten nur Kontakte, deren Einwilligung für den unten genannten Zweck im "
    "Einwilligungsregister dokumentiert war. Alle anderen Kontakte stehen im Zweitadressbuch; "
    "nicht lesbare Einträge wurden aussortiert. Die Seite dient dem Nachweis nach Art. 5 Abs. 2 "
    "und Art. 7 Abs. 1 DSGVO. Die SHA-256-Prüfsummen weisen die verwendeten Dateien eindeutig "
    "aus.",
    "Diese Seite enthält personenbezogene Daten: Die Berichte wurden mit --report-cards und die "
    "Seite mit --include-cards erstellt; sie nennt zu jedem Kontakt die zugeordnete "
    "Telefonnummer oder E-Mail-Adresse. Bewahren Sie sie so sorgfältig auf wie das Adressbuch "
    "selbst und geben Sie sie nur an Berechtigte weiter.",
    "Die Berichte enthalten auch Angaben zu einzelnen Kontakten (personenbezogene Daten); diese "
    "Seite lässt sie weg. Mit --include-cards werden sie aufgeführt.",
    "Letzter Lauf",
    "Am {when} hat vcsplit {version} {cards} Kontakte aufgeteilt: {native} in das native "
    "Adressbuch, {secondary} in das Zweitadressbuch, {rejected} aussortiert. Zweck: {purpose}.",
    "Am {when} hat vcsplit {version} {cards} Kontakte geprüft: {native} dürfen in das native "
    "Adressbuch, {secondary} nicht, {rejected} waren nicht lesbar. Zweck: {purpose}.",
    "Verlauf",
    "Läufe in zeitlicher Reihenfolge. Markiert ist jeder Lauf, nach dem das native Adressbuch "
    "weniger Kontakte enthielt als nach dem vorigen: Einwilligungen wurden widerrufen oder sind "
    "abgelaufen, oder der Export war kleiner.",
    "Zweck",
    "(keiner angegeben)",
    "Lauf",
    "Beginn (UTC)",
    "Stichtag der Auswertung",
    "vcsplit-Version",
    "Befehl",
    "Region für Nummern ohne Ländervorwahl",
    "Berichtsdatei",
    "Einwilligungsregister",
    "Datei",
    "Einträge",
    "Letzter Hash der Prüfkette",
    "nicht versiegelt",
    "von dieser Version nicht erfasst",
    "Warnungen zum Register",
    "Eingaben",
    "Format",
    "Kontakte",
    "Ergebnis",
    "Adressbuch",
    "Natives Adressbuch (Einwilligung liegt vor)",
    "Zweitadressbuch",
    "Aussortiert (nicht lesbar)",
    "Summe",
    "Gründe",
    "Grund",
    "Bedeutung",
    "Kontakte",
    "Warnungen",
    "Keine.",
    "Zeile",
    "Meldung",
    "Änderung nativ",
    "natives Adressbuch geschrumpft",
    "Kontakte und Entscheidungen",
    "Zugeordnetes Merkmal",
    "Ergebnis",
    "Kontakte je Ergebnis und Grund",
    "Kontakte im nativen und im Zweitadressbuch je Lauf",
    "Erstellt von vcsplit {version} aus {n} Bericht(en).",
    ".",
};

// What each reason word of SPEC §4.4 means, for the reader of the page.
const char* ReasonMeaning(const std::string& reason, bool german) {
  static const std::map<std::string, std::pair<const char*, const char*>> kMeanings = {
      {"consent-given", {"consent on record", "Einwilligung liegt vor"}},
      {"conflict",
       {"consent on one number or address, refusal or withdrawal on another",
        "widersprüchlich: Einwilligung zu einer Nummer oder Adresse, Ablehnung oder Widerruf zu "
        "einer anderen"}},
      {"withdrawn", {"consent withdrawn by the person", "Einwilligung widerrufen"}},
      {"revoked", {"consent ended by the company", "Einwilligung vom Unternehmen beendet"}},
      {"refused", {"consent refused", "Einwilligung abgelehnt"}},
      {"expired", {"consent expired", "Einwilligung abgelaufen"}},
      {"shared-key-only",
       {"consent only on a number or address other people share (switchboard, family line)",
        "Einwilligung nur über eine gemeinsam genutzte Nummer oder Adresse (Zentrale, "
        "Familienanschluss)"}},
      {"no-ledger-entry", {"not in the consent ledger", "nicht im Einwilligungsregister"}},
      {"no-identifier",
       {"no number, e-mail address or UID to look up",
        "keine Telefonnummer, E-Mail-Adresse oder UID zum Abgleich"}},
      {"nested-card",
       {"holds an embedded contact without consent",
        "enthält einen eingebetteten Kontakt ohne "
        "Einwilligung"}},
      {"unreadable", {"the card could not be read", "Eintrag nicht lesbar"}},
  };
  auto it = kMeanings.find(reason);
  if (it == kMeanings.end()) return "";
  return german ? it->second.second : it->second.first;
}

// The top of a chart's axis: the smallest 4 × (1, 2 or 5 × 10^k) at or
// above `max`, so that the four grid steps are round numbers.
int64_t NiceMaximum(int64_t max) {
  for (int64_t scale = 1;; scale *= 10) {
    for (int64_t step : {1, 2, 5}) {
      if (4 * step * scale >= max) return 4 * step * scale;
    }
    if (scale > INT64_MAX / 100) return max;
  }
}

class Page {
 public:
  Page(const Words& w, bool include_cards) : w_(w), include_cards_(include_cards) {}

  std::string Number(int64_t n) const {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += w_.thousands;
      out += digits[i];
    }
    return n < 0 ? "\u2212" + out : out;
  }

  // "2026-12-01T03:00:12Z" as "2026-12-01 03:00 UTC" or "01.12.2026, 03:00 UTC";
  // anything else as written.
  std::string When(const std::string& t, bool utc) const {
    if (t.size() < 16 || t[4] != '-' || t[7] != '-' || t[10] != 'T') return XmlEscape(t);
    std::string date = std::string(w_.lang) == "de"
                           ? t.substr(8, 2) + "." + t.substr(5, 2) + "." + t.substr(0, 4) + ","
                           : t.substr(0, 10);
    return XmlEscape(date + " " + t.substr(11, 5) + (utc ? " UTC" : ""));
  }

  // Only the date of When().
  std::string Date(const std::string& t) const {
    std::string when = When(t, false);
    return t.size() >= 16 && t[10] == 'T' ? when.substr(0, 10) : when;
  }

  std::string RunWhen(const RunRecord& r) const {
    return r.started.empty() ? When(r.as_of, false) : When(r.started, true);
  }

  std::string Purpose(const RunRecord& r) const {
    return r.purpose.empty() ? std::string(w_.no_purpose) : XmlEscape(r.purpose);
  }

  void Head() {
    out_ += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n",
                        w_.lang);
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
    out_ += fmt::format("<title>{}</title>\n", w_.title);
    out_ += R"(<style>
@page { size: A4; margin: 16mm 14mm; }
body { font-family: sans-serif; font-size: 10.5pt; color: #111; max-width: 60em; margin: 1.5em auto; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 16pt; margin: 0 0 .4em; }
h2 { font-size: 13pt; margin: 1.6em 0 .4em; border-bottom: 1px solid #888; }
h3 { font-size: 11pt; margin: 1.2em 0 .3em; }
table { border-collapse: collapse; margin: .3em 0 .8em; width: 100%; }
th, td { border: 1px solid #bbb; padding: .2em .45em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.hash { font-family: monospace; font-size: 8.5pt; word-break: break-all; }
.notice { border: 2px solid #b00; background: #fee; padding: .5em .8em; font-weight: bold; }
.note { color: #444; }
.shrank { color: #b00; font-weight: bold; }
svg { max-width: 100%; height: auto; }
section.run, figure, table { break-inside: avoid; }
section.run { break-before: page; }
footer { margin-top: 2em; color: #555; font-size: 9pt; }
@media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
)";
  }

  void Para(const std::string& html, const char* cls = nullptr) {
    out_ += cls ? fmt::format("<p class=\"{}\">{}</p>\n", cls, html) : "<p>" + html + "</p>\n";
  }

  void Summary(const RunRecord& r) {
    std::string text = r.command == "check" ? w_.check_summary : w_.summary;
    auto put = [&](const char* key, const std::string& value) {
      std::string k = std::string("{") + key + "}";
      for (size_t at = text.find(k); at != std::string::npos;
           at = text.find(k, at + value.size())) {
        text.replace(at, k.size(), value);
      }
    };
    put("when", RunWhen(r));
    put("version", XmlEscape(r.version.empty() ? "?" : r.version));
    put("cards", Number(r.cards));
    put("native", "<b>" + Number(r.native) + "</b>");
    put("secondary", Number(r.secondary));
    put("rejected", Number(r.rejected));
    put("purpose", "<b>" + Purpose(r) + "</b>");
    Para(text);
  }

  // One line chart of native and secondary per run, with shrinking runs
  // marked.
  void HistoryChart(const std::vector<const RunRecord*>& runs, const std::vector<bool>& shrank) {
    const int width = 640, height = 220, left = 56, right = 16, top = 16, bottom = 24;
    int64_t max = 1;
    for (const RunRecord* r : runs) max = std::max({max, r->native, r->secondary});
    max = NiceMaximum(max);
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    auto x = [&](size_t i) {
      return runs.size() == 1
                 ? left + plot_w / 2
                 : left + plot_w * static_cast<double>(i) / static_cast<double>(runs.size() - 1);
    };
    auto y = [&](int64_t v) {
      return top + plot_h - plot_h * static_cast<double>(v) / static_cast<double>(max);
    };
    out_ += fmt::format(
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" "
        "height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
        width, height, width, height, w_.chart_history);
    for (int g = 0; g <= 4; ++g) {
      int64_t v = max * g / 4;
      double gy = y(v);
      out_ += fmt::format(
          "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>"
          "<text x=\"{}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"end\">{}</text>\n",
          left, gy, width - right, gy, left - 4, gy + 3.5, Number(v));
    }
    auto polyline = [&](auto value, const char* colour, const char* dash) {
      std::string points;
      for (size_t i = 0; i < runs.size(); ++i) {
        points += fmt::format("{}{:.1f},{:.1f}", i ? " " : "", x(i), y(value(*runs[i])));
      }
      out_ += fmt::format(
          "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>\n", points,
          colour, dash);
    };
    polyline([](const RunRecord& r) { return r.secondary; }, "#2b6cb0",
             " stroke-dasharray=\"6 4\"");
    polyline([](const RunRecord& r) { return r.native; }, "#2f855a", "");
    for (size_t i = 0; i < runs.size(); ++i) {
      out_ += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"#2f855a\"/>\n", x(i),
                          y(runs[i]->native));
      if (shrank[i]) {
        double cx = x(i), cy = y(runs[i]->native);
        out_ += fmt::format(
            "<path d=\"M{:.1f},{:.1f} l-6,-11 h12 z\" fill=\"#c53030\"><title>{}</title></path>\n",
            cx, cy - 5, w_.shrank);
      }
    }
    // Dates under the first and the last run (and the middle one).
    std::vector<size_t> labelled = {0};
    if (runs.size() > 2) labelled.push_back(runs.size() / 2);
    if (runs.size() > 1) labelled.push_back(runs.size() - 1);
    for (size_t i : labelled) {
      const char* anchor = i == 0 ? "start" : i + 1 == runs.size() ? "end" : "middle";
      out_ +=
          fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" text-anchor=\"{}\">{}</text>\n",
                      x(i), height - bottom + 14, anchor, Date(runs[i]->When()));
    }
    // The legend is text under the chart: it wraps where the chart cannot.
    out_ += fmt::format(
        "</svg>\n<figcaption class=\"note\">{}: <span style=\"color:#2f855a\">&#9473;&#9473; "
        "{}</span> &#160; <span style=\"color:#2b6cb0\">&#9476;&#9476; {}</span> &#160; "
        "<span class=\"shrank\">&#9660;</span> {}</figcaption>\n</figure>\n",
        w_.chart_history, w_.native, w_.secondary, w_.shrank);
  }

  void History(const std::vector<RunRecord>& runs) {
    // Purposes apart: a history per purpose, in order of first appearance.
    std::vector<std::string> purposes;
    for (const RunRecord& r : runs) {
      if (std::find(purposes.begin(), purposes.end(), r.purpose) == purposes.end()) {
        purposes.push_back(r.purpose);
      }
    }
    out_ += fmt::format("<h2>{}</h2>\n", w_.history);
    Para(w_.history_note, "note");
    for (const std::string& purpose : purposes) {
      std::vector<const RunRecord*> group;
      for (const RunRecord& r : runs) {
        if (r.purpose == purpose) group.push_back(&r);
      }
      std::vector<bool> shrank(group.size(), false);
      for (size_t i = 1; i < group.size(); ++i) shrank[i] = group[i]->native < group[i - 1]->native;
      out_ += fmt::format("<h3>{}: {}</h3>\n", w_.purpose, Purpose(*group[0]));
      if (group.size() > 1) HistoryChart(group, shrank);
      out_ += fmt::format(
          "<table>\n<tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th>"
          "<th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>\n",
          w_.started, w_.command, w_.cards, w_.native, w_.secondary, w_.rejected, w_.change);
      for (size_t i = 0; i < group.size(); ++i) {
        const RunRecord& r = *group[i];
        std::string change = "";
        if (i > 0) {
          int64_t d = r.native - group[i - 1]->native;
          change = d > 0 ? "+" + Number(d) : Number(d);
          if (shrank[i])
            change =
                fmt::format("<span class=\"shrank\">&#9660; {} ({})</span>", change, w_.shrank);
        }
        out_ += fmt::format(
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            RunWhen(r), XmlEscape(r.command), Number(r.cards), Number(r.native),
            Number(r.secondary), Number(r.rejected), change);
      }
      out_ += "</table>\n";
    }
  }

  // Bars for the outputs (coloured) and for the reasons (grey).
  void BarChart(const RunRecord& r) {
    std::vector<std::pair<std::string, int64_t>> bars = {
        {w_.native, r.native}, {w_.secondary, r.secondary}, {w_.rejected, r.rejected}};
    const char* colours[] = {"#2f855a", "#2b6cb0", "#718096"};
    for (const auto& [reason, n] : r.reasons) bars.emplace_back(reason, n);
    int64_t max = 1;
    for (const auto& b : bars) max = std::max(max, b.second);
    const int row = 18, label_w = 250, bar_w = 320, width = label_w + bar_w + 70;
    int height = static_cast<int>(bars.size()) * row + 12;
    out_ += fmt::format(
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" "
        "height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
        width, height, width, height, w_.chart_outputs);
    for (size_t i = 0; i < bars.size(); ++i) {
      int y = static_cast<int>(i) * row + (i >= 3 ? 12 : 0);
      double w = bar_w * static_cast<double>(bars[i].second) / static_cast<double>(max);
      out_ += fmt::format(
          "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>"
          "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"12\" fill=\"{}\"/>"
          "<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\">{}</text>\n",
          label_w - 6, y + 10, XmlEscape(bars[i].first), label_w, y, w,
          i < 3 ? colours[i] : "#a0aec0", label_w + w + 4, y + 10, Number(bars[i].second));
    }
    out_ += fmt::format("</svg>\n<figcaption class=\"note\">{}</figcaption>\n</figure>\n",
                        w_.chart_outputs);
  }

  void RunDetails(const RunRecord& r, bool latest, size_t number) {
    out_ += "<section class=\"run\">\n";
    out_ += fmt::format("<h2>{} {}: {}{}</h2>\n", w_.run, number, RunWhen(r),
                        latest ? std::string(" (") + w_.latest + ")" : "");
    Summary(r);
    out_ += "<table>\n";
    auto row = [&](const char* label, const std::string& html) {
      out_ += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", label, html);
    };
    row(w_.started, r.started.empty() ? std::string(w_.not_recorded) : When(r.started, true));
    row(w_.as_of, When(r.as_of, false));
    row(w_.version, XmlEscape(r.version));
    row(w_.command, XmlEscape("vcsplit " + r.command));
    row(w_.purpose, Purpose(r));
    row(w_.region, XmlEscape(r.region));
    row(w_.report_file, "<span class=\"hash\">" + XmlEscape(r.file) + "</span>");
    out_ += "</table>\n";

    out_ += fmt::format("<h3>{}</h3>\n<table>\n<tr><th>{}</th><th>SHA-256</th><th>{}</th></tr>\n",
                        w_.ledger, w_.file, w_.chain_head);
    for (size_t i = 0; i < r.ledger_paths.size(); ++i) {
      std::string head = !r.chain_recorded ? std::string(w_.not_recorded)
                         : i < r.chain_heads.size() && !r.chain_heads[i].empty()
                             ? "<span class=\"hash\">" + XmlEscape(r.chain_heads[i]) + "</span>"
                             : std::string(w_.not_sealed);
      out_ += fmt::format("<tr><td>{}</td><td class=\"hash\">{}</td><td>{}</td></tr>\n",
                          XmlEscape(r.ledger_paths[i]),
                          i < r.ledger_sha256.size() ? XmlEscape(r.ledger_sha256[i]) : "", head);
    }
    out_ += fmt::format("</table>\n<p>{}: {} &#183; {}: {}</p>\n", w_.events,
                        Number(r.ledger_events), w_.ledger_warnings, Number(r.ledger_warnings));

    out_ += fmt::format(
        "<h3>{}</h3>\n<table>\n<tr><th>{}</th><th>{}</th><th>SHA-256</th><th class=\"n\">{}</th>"
        "</tr>\n",
        w_.inputs, w_.file, w_.format, w_.cards);
    for (const auto& in : r.inputs) {
      out_ += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=\"hash\">{}</td><td class=\"n\">{}</td></tr>\n",
          XmlEscape(in.path), XmlEscape(in.format), XmlEscape(in.sha256), Number(in.cards));
    }
    out_ += "</table>\n";

    out_ += fmt::format(
        "<h3>{}</h3>\n<table>\n<tr><th>{}</th><th>{}</th><th>SHA-256</th><th class=\"n\">{}</th>"
        "</tr>\n",
        w_.outputs, w_.book, w_.file, w_.cards);
    auto book_of = [&](const char* name) -> const RunRecord::Book* {
      for (const auto& b : r.books) {
        if (b.name == name) return &b;
      }
      return nullptr;
    };
    auto output_row = [&](const char* label, const char* name, int64_t cards) {
      const RunRecord::Book* b = book_of(name);
      out_ += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=\"hash\">{}</td><td class=\"n\">{}</td></tr>\n",
          label, b ? XmlEscape(b->path) : "", b ? XmlEscape(b->sha256) : "", Number(cards));
    };
    output_row(w_.native, "native", r.native);
    output_row(w_.secondary, "secondary", r.secondary);
    output_row(w_.rejected, "rejects", r.rejected);
    out_ += fmt::format("<tr><th>{}</th><th></th><th></th><th class=\"n\">{}</th></tr>\n</table>\n",
                        w_.total, Number(r.cards));

    out_ += fmt::format(
        "<h3>{}</h3>\n<table>\n<tr><th>{}</th><th>{}</th><th class=\"n\">{}</th></tr>\n",
        w_.reasons, w_.reason, w_.meaning, w_.count);
    bool german = std::string(w_.lang) == "de";
    for (const auto& [reason, n] : r.reasons) {
      out_ += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
                          XmlEscape(reason), ReasonMeaning(reason, german), Number(n));
    }
    out_ += "</table>\n";
    BarChart(r);

    out_ += fmt::format("<h3>{}</h3>\n", w_.warnings);
    if (r.warnings.empty()) {
      Para(w_.none);
    } else {
      out_ += fmt::format("<table>\n<tr><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr>\n",
                          w_.file, w_.line, w_.message);
      for (const auto& w : r.warnings) {
        out_ +=
            fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
                        XmlEscape(w.file), w.line > 0 ? Number(w.line) : "", XmlEscape(w.message));
      }
      out_ += "</table>\n";
    }

    if (r.has_cards && include_cards_) {
      out_ += fmt::format(
          "<h3>{}</h3>\n<table>\n<tr><th>{}</th><th class=\"n\">{}</th><th>{}</th><th>{}</th>"
          "<th>{}</th></tr>\n",
          w_.card_list, w_.file, w_.line, w_.output, w_.reason, w_.matched_key);
      for (const auto& c : r.card_list) {
        out_ += fmt::format(
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            XmlEscape(c.input), Number(c.line), XmlEscape(c.output), XmlEscape(c.reason),
            XmlEscape(c.matched_key));
      }
      out_ += "</table>\n";
    }
    out_ += "</section>\n";
  }

  std::string Render(const std::vector<RunRecord>& runs) {
    Head();
    out_ += fmt::format("<h1>{}</h1>\n", w_.title);
    bool any_cards =
        std::any_of(runs.begin(), runs.end(), [](const RunRecord& r) { return r.has_cards; });
    if (any_cards && include_cards_) Para(w_.personal_data, "notice");
    Para(w_.intro);
    if (any_cards && !include_cards_) Para(w_.cards_left_out, "note");
    out_ += fmt::format("<h2>{}</h2>\n", w_.latest);
    Summary(runs.back());
    if (runs.size() > 1) History(runs);
    for (size_t i = runs.size(); i-- > 0;) RunDetails(runs[i], i + 1 == runs.size(), i + 1);
    std::string footer = w_.generated;
    footer.replace(footer.find("{version}"), 9, VCSPLIT_VERSION);
    footer.replace(footer.find("{n}"), 3, Number(static_cast<int64_t>(runs.size())));
    out_ += fmt::format("<footer>{}</footer>\n</body>\n</html>\n", footer);
    return std::move(out_);
  }

 private:
  const Words& w_;
  bool include_cards_;
  std::string out_;
};

}  // namespace

std::string RenderAuditPage(std::vector<RunRecord> runs, const PageOptions& options) {
  std::stable_sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
    return a.When() != b.When() ? a.When() < b.When() : a.file < b.file;
  });
  Page page(options.language == PageLanguage::kGerman ? kGerman : kEnglish, options.include_cards);
  return page.Render(runs);
}

}  // namespace vcsplit
