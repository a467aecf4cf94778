// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit split`: option binding, the summary line and the exit code. The
// work is vcsplit::RunSplit.

#include <memory>

#include <fmt/format.h>

#include "commands.h"
#include "split/split.h"
#include "vcsplit/error.h"

namespace vcsplit::cli {

namespace {

constexpr const char* kSplitFooter =
    "Every input card lands in exactly one of native, secondary and rejects,\n"
    "byte for byte. Outputs are replaced atomically (mode 0600) only when the\n"
    "whole run succeeded.\n"
    "\n"
    "Examples:\n"
    "  vcsplit split -l consent.csv contacts.vcf\n"
    "  vcsplit split -l consent.csv -p whatsapp -o out/ --report out/run.json a.vcf b.vcf\n"
    "  crm-export | vcsplit split -l consent.csv --as-of 2026-01-31 --strict -\n"
    "  vcsplit split -l consent.csv -o out/ outlook-export.csv\n"
    "  vcsplit split -l consent.csv --to vcard -o out/ google.csv old-phone.vcf\n"
    "  vcsplit split -l consent.csv --phone-columns Tel,Handy --email-columns Mail crm.csv\n";

struct SplitArgs {
  std::string progress = "auto";
  SplitOptions options;
  BookArgs books;
  std::string unknown = "secondary";
  bool strict = false;
  std::string to;
};

int RunSplitCommand(SplitArgs& args, const GlobalOptions& global) {
  SplitOptions& o = args.options;
  o.unknown = args.unknown == "native" ? UnknownPolicy::kNative : UnknownPolicy::kSecondary;
  o.books = args.books.Resolve();
  o.to_vcard = args.to == "vcard";
  o.verbose = global.verbose;

  StderrReporter reporter(global);
  o.progress = MakeProgress(args.progress, global.quiet);
  SplitResult r = RunSplit(o, &reporter);

  uint64_t native = r.counts[static_cast<size_t>(Output::kNative)];
  uint64_t secondary = r.counts[static_cast<size_t>(Output::kSecondary)];
  uint64_t rejected = r.counts[static_cast<size_t>(Output::kRejects)];
  if (!global.quiet) {
    if (o.dry_run) fmt::print(stderr, "vcsplit: dry run: no output file was written\n");
    fmt::print(stderr, "vcsplit: {} {}: {} native, {} secondary, {} rejected\n", r.cards,
               r.cards == 1 ? "card" : "cards", native, secondary, rejected);
  }
  if (args.strict && (rejected > 0 || !r.warnings.empty())) return kExitFindings;
  return kExitOk;
}

}  // namespace

void SetupSplit(CLI::App& app, const GlobalOptions& global, RunFunction* run) {
  auto args = std::make_shared<SplitArgs>();
  SplitOptions& o = args->options;
  CLI::App* cmd = app.add_subcommand(
      "split", "Split address books into native, secondary and rejects by a consent ledger");
  cmd->footer(kSplitFooter);
  cmd->add_option("INPUT", o.inputs,
                  "Address books to split (vCard or CSV); - reads standard input")
      ->type_name("FILE")
      ->required();
  AddDecideOptions(cmd, &o, &args->unknown);
  cmd->add_option("-o,--out-dir", o.out_dir, "Directory for the three outputs (default: .)")
      ->type_name("DIR");
  cmd->add_option("--native", o.native_path, "Path of the native book")->type_name("FILE");
  cmd->add_option("--secondary", o.secondary_path, "Path of the secondary book")->type_name("FILE");
  cmd->add_option("--rejects", o.rejects_path, "Path of the rejects file")->type_name("FILE");
  cmd->add_option("--report", o.report_path, "Write the JSON run report to FILE")
      ->type_name("FILE");
  cmd->add_flag("--report-cards", o.report_cards,
                "Add one entry per card to the report (holds personal data)");
  cmd->add_flag("-n,--dry-run", o.dry_run, "Decide and report; write no output file");
  cmd->add_flag("--strict", args->strict, "Exit 1 when anything was rejected or warned");
  cmd->add_option("--progress", args->progress,
                  "Progress on stderr: auto (only on a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  AddBookOptions(cmd, &args->books, true);
  cmd->add_option("--to", args->to, "Convert native and secondary to vcard (vCard 3.0)")
      ->check(CLI::IsMember({"vcard"}))
      ->type_name("FORMAT");
  cmd->add_option("--wait", o.wait_seconds,
                  "Wait up to SECONDS for another run writing the same directory (default: 0)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->callback(
      [args, &global, run] { *run = [args, &global] { return RunSplitCommand(*args, global); }; });
}

}  // namespace vcsplit::cli
