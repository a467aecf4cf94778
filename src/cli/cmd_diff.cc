// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit diff OLD NEW`: option binding, the listing on stdout, the summary
// on stderr and the exit code (0 same, 1 different, like diff(1)). The work
// is vcsplit::RunDiff.

#include <memory>

#include <fmt/format.h>

#include "commands.h"
#include "split/diff.h"
#include "vcsplit/error.h"

namespace vcsplit::cli {

namespace {

constexpr const char* kDiffFooter =
    "Contacts are matched by UID, else by the set of their numbers and e-mail\n"
    "addresses, else by name. A card that was only re-folded, re-ordered or\n"
    "re-encoded is unchanged. Lines start with - (left), + (joined) or\n"
    "~ (changed, with the properties that differ).\n"
    "\n"
    "Exit 0 when the books hold the same contacts, 1 when they differ, 2 on\n"
    "usage or input errors.\n"
    "\n"
    "Examples:\n"
    "  vcsplit diff yesterday/native.vcf out/native.vcf\n"
    "  vcsplit diff --output-removed to-delete.vcf yesterday/native.vcf out/native.vcf\n"
    "  vcsplit diff --format json old-export.csv new-export.csv > changes.json\n";

struct DiffArgs {
  DiffOptions options;
  BookArgs books;
  std::string format = "text";
};

int RunDiffCommand(DiffArgs& a, const GlobalOptions& global) {
  StderrReporter reporter(global);
  a.options.books = a.books.Resolve();
  DiffResult r = RunDiff(a.options, &reporter);
  Out(a.format == "json" ? RenderDiffJson(r) : RenderDiffText(r));
  FlushStdout();
  if (!global.quiet) {
    fmt::print(stderr, "vcsplit: {} left, {} joined, {} changed, {} unchanged\n", r.left.size(),
               r.joined.size(), r.changed.size(), r.unchanged);
    if (a.options.removed_path) {
      fmt::print(stderr, "vcsplit: {}: {} {} that left\n", *a.options.removed_path, r.left.size(),
                 r.left.size() == 1 ? "card" : "cards");
    }
  }
  return r.differs() ? kExitFindings : kExitOk;
}

}  // namespace

void SetupDiff(CLI::App& app, const GlobalOptions& global, RunFunction* run) {
  auto args = std::make_shared<DiffArgs>();
  DiffOptions& o = args->options;
  CLI::App* cmd = app.add_subcommand(
      "diff", "List the contacts that left, joined or changed between two books");
  cmd->footer(kDiffFooter);
  cmd->add_option("OLD", o.old_path, "The earlier book (vCard or CSV); - reads standard input")
      ->type_name("FILE")
      ->required();
  cmd->add_option("NEW", o.new_path, "The later book (vCard or CSV; either may be either)")
      ->type_name("FILE")
      ->required();
  cmd->add_option("--format", args->format, "Output: text or json (default: text)")
      ->check(CLI::IsMember({"text", "json"}))
      ->type_name("FORMAT");
  cmd->add_option("--output-removed", o.removed_path,
                  "Write the cards that left to FILE, byte for byte (mode 0600)")
      ->type_name("FILE");
  AddRegionOption(cmd, &o.region);
  AddBookOptions(cmd, &args->books, false);
  cmd->callback(
      [args, &global, run] { *run = [args, &global] { return RunDiffCommand(*args, global); }; });
}

}  // namespace vcsplit::cli
