// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit report RUN.json... --html FILE`: option binding and the summary on
// stderr. The page is vcsplit::RenderAuditPage.

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "audit/audit_page.h"
#include "commands.h"
#include "io/output.h"
#include "vcsplit/error.h"

namespace vcsplit::cli {

namespace {

constexpr const char* kReportFooter =
    "Renders split and check run reports (--report FILE) as one self-contained\n"
    "HTML page for the data-protection officer: when each run was, with which\n"
    "version, the ledger and inputs with their SHA-256, the counts per book and\n"
    "per reason, the warnings, and for several reports a history per purpose\n"
    "that marks the runs whose native book shrank. The page loads nothing from\n"
    "anywhere and prints on A4. Per-card lines (reports made with\n"
    "--report-cards) are personal data: they are shown only with\n"
    "--include-cards, and the page then says so at the top. The page is written\n"
    "atomically with mode 0600; - writes it to standard output.\n"
    "\n"
    "Exit 0 when the page was written, 2 when a file is not a vcsplit split or\n"
    "check report (nothing is written), 3 when the page cannot be written.\n"
    "\n"
    "Examples:\n"
    "  vcsplit report out/reports/run-*.json --html out/reports/audit.html\n"
    "  vcsplit report --lang de reports/*.json --html audit.html\n"
    "  vcsplit report run.json --html - | lp\n";

struct ReportArgs {
  std::vector<std::string> reports;
  std::string html;
  std::string lang = "en";
  bool include_cards = false;
};

int RunReportCommand(const ReportArgs& a, const GlobalOptions& global) {
  if (a.reports.empty()) throw FatalError(kExitUsage, "report: name at least one run report");
  // Every report is read and checked before anything is written.
  std::vector<RunRecord> runs;
  runs.reserve(a.reports.size());
  for (const std::string& path : a.reports) runs.push_back(ReadRunReport(path));
  PageOptions options;
  options.language = a.lang == "de" ? PageLanguage::kGerman : PageLanguage::kEnglish;
  options.include_cards = a.include_cards;
  size_t count = runs.size();
  std::string page = RenderAuditPage(std::move(runs), options);
  if (a.html == "-") {
    Out(page);
  } else {
    AtomicOutput out(a.html, false);
    out.Write(page);
    out.Finish();
    out.CheckReplaceable();
    out.Commit();
  }
  if (!global.quiet) {
    fmt::print(stderr, "vcsplit: {}: audit page of {} {}\n", a.html == "-" ? "stdout" : a.html,
               count, count == 1 ? "run" : "runs");
  }
  return kExitOk;
}

}  // namespace

void SetupReport(CLI::App& app, const GlobalOptions& global, RunFunction* run) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd =
      app.add_subcommand("report", "Render run reports as an audit page (HTML) for the DPO");
  cmd->footer(kReportFooter);
  cmd->add_option("RUN", args->reports, "Run reports written by split or check --report")
      ->type_name("FILE ...");
  cmd->add_option("--html", args->html, "Write the page to FILE (- for standard output)")
      ->type_name("FILE")
      ->required();
  cmd->add_option("--lang", args->lang, "Language of the page: en or de (default: en)")
      ->check(CLI::IsMember({"en", "de"}))
      ->type_name("LANG");
  cmd->add_flag("--include-cards", args->include_cards,
                "Show the per-card lines of --report-cards reports (personal data)");
  cmd->callback(
      [args, &global, run] { *run = [args, &global] { return RunReportCommand(*args, global); }; });
}

}  // namespace vcsplit::cli
