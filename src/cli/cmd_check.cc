// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit check`: may every card of the books be in the native address
// book? The same decision as `split` (RunSplit without outputs); findings in
// text, JSON, JUnit XML or GitHub workflow annotations.

#include <functional>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "io/output.h"
#include "split/card_spool.h"
#include "split/split.h"
#include "util/text.h"
#include "vcsplit/error.h"

namespace vcsplit::cli {

namespace {

constexpr const char* kCheckFooter =
    "Exit 0 when every card may be native, 1 when any may not (each listed as\n"
    "file:line: reason), 2 on usage or input errors.\n"
    "\n"
    "Examples:\n"
    "  vcsplit check -l consent.csv phone-export.vcf\n"
    "  vcsplit check -l consent.csv --format junit --redact export.csv > check.xml\n"
    "  vcsplit check -l consent.csv --format github contacts.vcf\n";

struct CheckArgs {
  std::string progress = "auto";
  DecideOptions options;
  BookArgs books;
  std::optional<std::string> report_path;
  std::string format = "text";
  bool redact = false;
  std::string unknown = "secondary";
};

// GitHub annotation properties and messages escape %, CR, LF (and , : in properties).
std::string GithubEscape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

// The findings of a check, and how to print them. The cards come from a
// spool, in input order; those that may not be native are the findings.
struct Findings {
  const SplitResult& result;
  CardSpool& spool;
  bool redact;
  uint64_t count;  // cards that may not be native

  Findings(const SplitResult& r, CardSpool& s, bool redact_names)
      : result(r),
        spool(s),
        redact(redact_names),
        count(r.cards - r.counts[static_cast<size_t>(Output::kNative)]) {}

  // "withdrawn (Jürgen Weiß)", or the reason alone with --redact.
  std::string Describe(const CardInfo& c) const {
    std::string text = ReasonName(c.reason);
    if (!redact && !c.name.empty()) text += " (" + c.name + ")";
    return text;
  }

  void ForEachFinding(const std::function<void(const CardInfo&)>& f) const {
    spool.ForEach([&](const CardInfo& c) {
      if (c.output != Output::kNative) f(c);
    });
  }

  void PrintText() const {
    ForEachFinding(
        [&](const CardInfo& c) { Out(fmt::format("{}:{}: {}\n", c.input, c.line, Describe(c))); });
  }

  void PrintGithub() const {
    ForEachFinding([&](const CardInfo& c) {
      Out(fmt::format("::error file={},line={},title=vcsplit check::{}\n",
                      GithubEscape(c.input, true), c.line,
                      GithubEscape("may not be in the native book: " + Describe(c), false)));
    });
  }

  // A JUnit report: one test case per card, failures for those that may not
  // be native.
  void PrintJunit() const {
    Out("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    Out(fmt::format("<testsuites name=\"vcsplit check\" tests=\"{}\" failures=\"{}\">\n",
                    result.cards, count));
    Out(
        fmt::format("  <testsuite name=\"vcsplit check\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
                    "skipped=\"0\">\n",
                    result.cards, count));
    spool.ForEach([&](const CardInfo& c) {
      std::string name = fmt::format("{}:{}", c.input, c.line);
      if (!redact && !c.name.empty()) name += " " + c.name;
      Out(fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"",
                      XmlEscape(c.input), XmlEscape(name), XmlEscape(c.input), c.line));
      if (c.output == Output::kNative) {
        Out("/>\n");
        return;
      }
      Out(fmt::format(
          ">\n      <failure type=\"{}\" message=\"{}\">{}:{}: {}</failure>\n    </testcase>\n",
          ReasonName(c.reason), XmlEscape(Describe(c)), XmlEscape(c.input), c.line,
          XmlEscape(Describe(c))));
    });
    Out("  </testsuite>\n</testsuites>\n");
  }

  // The run report with the findings, as one JSON document indented by 2;
  // the findings are written one by one, not built in memory.
  void PrintJson() const {
    std::string head = RenderReport(result, "check", false);  // "{\n...\n}\n"
    head.resize(head.rfind('}'));
    while (!head.empty() && head.back() == '\n') head.pop_back();
    Out(head);
    Out(",\n  \"findings\": ");
    if (count == 0) {
      Out("[]\n}\n");
      return;
    }
    Out("[\n");
    bool first = true;
    ForEachFinding([&](const CardInfo& c) {
      nlohmann::ordered_json item = {
          {"input", c.input}, {"line", c.line}, {"reason", ReasonName(c.reason)}};
      if (!redact) item["name"] = c.name;
      std::string text = item.dump(2);
      // Indented by 4: the item is inside the object and the list.
      std::string indented = "    ";
      for (char ch : text) {
        indented += ch;
        if (ch == '\n') indented += "    ";
      }
      Out(first ? indented : ",\n" + indented);
      first = false;
    });
    Out("\n  ]\n}\n");
  }
};

int RunCheckCommand(CheckArgs& a, const GlobalOptions& global) {
  DecideOptions& o = a.options;
  o.unknown = a.unknown == "native" ? UnknownPolicy::kNative : UnknownPolicy::kSecondary;
  o.books = a.books.Resolve();
  o.verbose = global.verbose;
  StderrReporter reporter(global);
  o.progress = MakeProgress(a.progress, global.quiet);
  // Made before any card is read: a device or FIFO that may not be written
  // fails now.
  std::unique_ptr<AtomicOutput> report;
  if (a.report_path) report = std::make_unique<AtomicOutput>(*a.report_path, false);
  // Every card's decision goes to a private temporary file, not memory.
  CardSpool spool(!a.redact);
  o.card_listener = [&spool](const CardInfo& c) { spool.Add(c); };
  o.name_listener = [&spool](std::string_view name) { spool.AddName(name); };
  SplitResult r = RunCheck(o, &reporter);

  Findings findings(r, spool, a.redact);
  if (a.format == "text") {
    findings.PrintText();
  } else if (a.format == "github") {
    findings.PrintGithub();
  } else if (a.format == "junit") {
    findings.PrintJunit();
  } else {
    findings.PrintJson();
  }
  if (report) {
    report->Write(RenderReport(r, "check", false));
    report->Finish();
    report->Commit();
  }
  uint64_t refused = findings.count;
  if (!global.quiet) {
    fmt::print(stderr, "vcsplit: {} {}: {} may be native, {} may not\n", r.cards,
               r.cards == 1 ? "card" : "cards", r.cards - refused, refused);
  }
  return refused == 0 ? kExitOk : kExitFindings;
}

}  // namespace

void SetupCheck(CLI::App& app, const GlobalOptions& global, RunFunction* run) {
  auto args = std::make_shared<CheckArgs>();
  DecideOptions& o = args->options;
  CLI::App* cmd =
      app.add_subcommand("check", "Check that every card of a book may be in the native book");
  cmd->footer(kCheckFooter);
  cmd->add_option("BOOK", o.inputs, "Address books (vCard or CSV); - reads standard input")
      ->required()
      ->type_name("FILE");
  AddDecideOptions(cmd, &o, &args->unknown);
  cmd->add_option("--format", args->format, "text, json, junit or github (default: text)")
      ->check(CLI::IsMember({"text", "json", "junit", "github"}))
      ->type_name("FORMAT");
  cmd->add_flag("--redact", args->redact, "Leave names out of the findings");
  cmd->add_option("--report", args->report_path, "Write the JSON run report to FILE")
      ->type_name("FILE");
  cmd->add_option("--progress", args->progress,
                  "Progress on stderr: auto (only on a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  AddBookOptions(cmd, &args->books, true);
  cmd->callback(
      [args, &global, run] { *run = [args, &global] { return RunCheckCommand(*args, global); }; });
}

}  // namespace vcsplit::cli
