// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit fetch` and `vcsplit publish`: option binding, summaries and exit
// codes. The work is in dav/dav.h.

#include <memory>

#include <fmt/format.h>

#include "commands.h"
#include "dav/dav.h"
#include "io/output.h"
#include "vcsplit/error.h"

namespace vcsplit::cli {

namespace {

constexpr const char* kFetchFooter =
    "Writes every card of the address-book collection at URL, sorted by href, as\n"
    "one vCard file (atomically, mode 0600). Credentials come from --password-file,\n"
    "--netrc-file or VCSPLIT_DAV_PASSWORD, never from the command line.\n"
    "\n"
    "Examples:\n"
    "  vcsplit fetch https://dav.example.com/crm/contacts/ --user sync \\\n"
    "      --password-file /etc/vcsplit/dav-password -o export.vcf\n"
    "  vcsplit fetch http://127.0.0.1:5232/crm/contacts/ | vcsplit split -l consent.csv -\n";

constexpr const char* kPublishFooter =
    "Makes the two collections hold exactly the cards of NATIVE and SECONDARY: first\n"
    "deletes from native what the native book no longer holds (saving foreign cards\n"
    "in --foreign-dir), then uploads secondary and native, then deletes from\n"
    "secondary. Unchanged cards are not sent again. A run that failed half way is\n"
    "simply run again. Never sync the secondary collection into a phone's native\n"
    "address book.\n"
    "\n"
    "Exit 0 done, 1 findings (ledger check, delete guard, cards refused), 2 usage,\n"
    "credentials, TLS or not an address book (nothing written), 3 the server failed\n"
    "in the middle (run again).\n"
    "\n"
    "Examples:\n"
    "  vcsplit publish --native-url https://dav.example.com/phones/native/ \\\n"
    "      --secondary-url https://dav.example.com/phones/secondary/ --user sync \\\n"
    "      --password-file /etc/vcsplit/dav-password out/native.vcf out/secondary.vcf\n"
    "  vcsplit publish --dry-run --ledger consent.csv --native-url URL --secondary-url URL \\\n"
    "      out/native.vcf out/secondary.vcf\n";

void AddAccessOptions(CLI::App* cmd, DavAccess* a) {
  cmd->add_option("--user", a->user, "Account name")->type_name("NAME");
  cmd->add_option("--password-file", a->password_file,
                  "Read the password from the first line of FILE (mode 0600, yours)")
      ->type_name("FILE");
  cmd->add_option("--netrc-file", a->netrc_file, "Read credentials from a netrc FILE (0600)")
      ->type_name("FILE");
  cmd->add_option("--ca-file", a->ca_file, "Also trust this CA (a company CA), PEM")
      ->type_name("FILE");
  cmd->add_option("--timeout", a->timeout_seconds, "Seconds per request (default: 120)")
      ->type_name("SECONDS")
      ->check(CLI::Range(1.0, 86400.0));
}

struct FetchArgs {
  FetchOptions options;
};

int RunFetchCommand(const FetchArgs& a, const GlobalOptions& global) {
  StderrReporter reporter(global);
  size_t cards = 0;
  std::string text = RunFetch(a.options, &reporter, &cards);
  if (a.options.output == "-") Out(text);
  if (!global.quiet) {
    fmt::print(stderr, "vcsplit: {} {} fetched\n", cards, cards == 1 ? "card" : "cards");
  }
  return kExitOk;
}

struct PublishArgs {
  PublishOptions options;
  BookArgs books;
  DecideOptions ledger;
  std::string unknown = "secondary";
  std::optional<std::string> report;
};

std::string Summary(const char* label, const CollectionCounts& c) {
  std::string text = fmt::format("{}: {} created, {} updated, {} unchanged, {} deleted", label,
                                 c.created, c.updated, c.unchanged, c.deleted);
  if (c.foreign) text += fmt::format(" ({} foreign)", c.foreign);
  if (c.too_large + c.refused) text += fmt::format(", {} refused", c.too_large + c.refused);
  return text;
}

int RunPublishCommand(PublishArgs& a, const GlobalOptions& global) {
  PublishOptions& o = a.options;
  o.books = a.books.Resolve();
  if (!a.ledger.ledgers.empty()) {
    a.ledger.region = o.region;
    a.ledger.unknown = a.unknown == "native" ? UnknownPolicy::kNative : UnknownPolicy::kSecondary;
    o.ledger_check = a.ledger;
  }
  if (!IsDirectory(o.foreign_dir)) {
    ThrowUsage(fmt::format("{}: --foreign-dir does not exist", o.foreign_dir));
  }
  StderrReporter reporter(global);
  // Made before the server is asked anything.
  std::unique_ptr<AtomicOutput> report;
  if (a.report) report = std::make_unique<AtomicOutput>(*a.report, false);
  PublishResult r = RunPublish(o, &reporter);
  for (const std::string& action : r.actions) Out(action + "\n");
  if (report) {
    report->Write(RenderPublishReport(r));
    report->Finish();
    report->Commit();
  }
  if (!global.quiet && !r.ledger_refused) {
    if (o.dry_run) fmt::print(stderr, "vcsplit: dry run: nothing was written\n");
    fmt::print(stderr, "vcsplit: {}; {}\n", Summary("native", r.native),
               Summary("secondary", r.secondary));
    if (!r.foreign_file.empty() && !o.dry_run) {
      fmt::print(stderr, "vcsplit: {}: {} foreign {} from the native collection\n", r.foreign_file,
                 r.native.foreign, r.native.foreign == 1 ? "card" : "cards");
    }
  }
  return r.exit_code;
}

}  // namespace

void SetupFetch(CLI::App& app, const GlobalOptions& global, RunFunction* run) {
  auto args = std::make_shared<FetchArgs>();
  FetchOptions& o = args->options;
  CLI::App* cmd = app.add_subcommand("fetch", "Read an address book from a CardDAV server");
  cmd->footer(kFetchFooter);
  cmd->add_option("URL", o.url, "The address-book collection (https://, or http:// to this host)")
      ->required()
      ->type_name("URL");
  cmd->add_option("-o,--output", o.output, "Write to FILE (default: - for standard output)")
      ->type_name("FILE");
  cmd->add_flag("--allow-empty", o.allow_empty, "Accept an empty collection (else exit 2)");
  AddAccessOptions(cmd, &o.access);
  cmd->callback(
      [args, &global, run] { *run = [args, &global] { return RunFetchCommand(*args, global); }; });
}

void SetupPublish(CLI::App& app, const GlobalOptions& global, RunFunction* run) {
  auto args = std::make_shared<PublishArgs>();
  PublishOptions& o = args->options;
  CLI::App* cmd = app.add_subcommand(
      "publish", "Make two CardDAV collections hold exactly the native and secondary books");
  cmd->footer(kPublishFooter);
  cmd->add_option("NATIVE", o.native_book, "The native book (from split)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("SECONDARY", o.secondary_book, "The secondary book (from split)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("--native-url", o.native_url, "The collection the phones sync")
      ->required()
      ->type_name("URL");
  cmd->add_option("--secondary-url", o.secondary_url, "The collection of the second app")
      ->required()
      ->type_name("URL");
  AddAccessOptions(cmd, &o.access);
  cmd->add_flag("--create", o.create, "Create a missing collection as an address book");
  cmd->add_option("-l,--ledger", args->ledger.ledgers,
                  "Check the native book against this ledger first (repeatable)")
      ->type_name("FILE")
      ->allow_extra_args(false);
  cmd->add_option("-p,--purpose", args->ledger.purpose, "Purpose whose consent counts")
      ->type_name("ID");
  cmd->add_option("--as-of", args->ledger.as_of, "Evaluate the ledger at this time")
      ->type_name("TIME");
  cmd->add_option("--max-age", args->ledger.max_age, "A consent older than this has expired")
      ->type_name("DURATION");
  cmd->add_option("--unknown", args->unknown, "Where contacts without a ledger entry go")
      ->check(CLI::IsMember({"secondary", "native"}))
      ->type_name("WHERE");
  AddRegionOption(cmd, &o.region);
  cmd->add_option("--foreign-dir", o.foreign_dir,
                  "Save foreign cards found on native here before deleting them (default: .)")
      ->type_name("DIR");
  cmd->add_option("--max-secondary-delete", o.max_secondary_delete,
                  "Delete at most this share of the secondary collection (default: 50)")
      ->type_name("PERCENT")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_flag("-n,--dry-run", o.dry_run, "List what would be created, updated and deleted");
  cmd->add_option("--report", args->report, "Write the JSON run report to FILE")->type_name("FILE");
  cmd->add_flag("--allow-empty", o.allow_empty, "Accept a book that holds no card");
  AddBookOptions(cmd, &args->books, false);
  cmd->callback([args, &global, run] {
    *run = [args, &global] { return RunPublishCommand(*args, global); };
  });
}

}  // namespace vcsplit::cli
