// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit ledger lint|init|add|seal|verify|explain`: option binding and
// output. The work is in vcsplit/ledger.h and vcsplit/ledger_tools.h.

#include <ctime>
#include <memory>

#include <fmt/format.h>

#include "commands.h"
#include "io/output.h"
#include "ledger/ledger.h"
#include "ledger/ledger_tools.h"
#include "ledger/timeparse.h"
#include "vcsplit/error.h"

namespace vcsplit::cli {

namespace {

struct LedgerArgs {
  std::vector<std::string> files;
  std::string region = "DE";
  std::optional<std::string> purpose;
  std::optional<std::string> as_of;
  std::optional<std::string> max_age;
  // init
  std::vector<std::string> books;
  BookArgs book_args;
  std::optional<std::string> output;
  std::string lang = "en";
  // add
  NewEvent event;
  // verify
  std::optional<std::string> anchor;
  // explain
  std::optional<std::string> phone, email, uid;
};

LedgerOptions Options(const LedgerArgs& a, bool lint) {
  PhoneNormalizer::CheckRegion(a.region);
  LedgerOptions o = MakeLedgerOptions(a.purpose, a.as_of, a.max_age);
  o.lint = lint;
  return o;
}

int RunLint(const LedgerArgs& a, const GlobalOptions& g) {
  StderrReporter printer(g);
  CountingReporter counted(&printer);
  PhoneNormalizer phones(a.region);
  Ledger ledger;
  ledger.Load(a.files, Options(a, true), &phones, &counted);
  size_t errors = counted.errors(), warnings = counted.warnings();
  if (!g.quiet) {
    fmt::print(stderr, "vcsplit: {} {}, {} {}, {} {}\n", ledger.event_count(),
               ledger.event_count() == 1 ? "event" : "events", errors,
               errors == 1 ? "error" : "errors", warnings, warnings == 1 ? "warning" : "warnings");
  }
  if (errors) return kExitUsage;
  return warnings ? kExitFindings : kExitOk;
}

int RunInit(const LedgerArgs& a, const GlobalOptions& g) {
  PhoneNormalizer::CheckRegion(a.region);
  StderrReporter reporter(g);
  PhoneNormalizer phones(a.region);
  // Made before any book is read: a device or FIFO that may not be written
  // fails now.
  std::unique_ptr<AtomicOutput> out;
  if (a.output) out = std::make_unique<AtomicOutput>(*a.output, false);
  std::string text;
  size_t rows = WriteLedgerTemplate(a.books, a.book_args.Resolve(), a.lang == "de", &phones,
                                    &reporter, &text);
  if (out) {
    out->Write(text);
    out->Finish();
    out->Commit();
  } else {
    Out(text);
  }
  if (!g.quiet) {
    fmt::print(stderr, "vcsplit: {} {} pending; fill in status and timestamp\n", rows,
               rows == 1 ? "row" : "rows");
  }
  return kExitOk;
}

int RunAdd(const LedgerArgs& a, const GlobalOptions& g) {
  PhoneNormalizer::CheckRegion(a.region);
  PhoneNormalizer phones(a.region);
  uint64_t line = AppendEvent(a.files.at(0), a.event, &phones);
  if (!g.quiet) fmt::print(stderr, "vcsplit: {}:{}: event added\n", a.files[0], line);
  return kExitOk;
}

int RunSeal(const LedgerArgs& a, const GlobalOptions& g) {
  PhoneNormalizer::CheckRegion(a.region);
  PhoneNormalizer phones(a.region);
  VerifyResult r = SealLedger(a.files.at(0), &phones);
  if (!r.ok) {
    fmt::print(stderr, "vcsplit: {}:{}: {}\n", a.files[0], r.bad_line, r.problem);
    return kExitFindings;
  }
  Out(fmt::format("{}\n", r.last_hash));
  if (!g.quiet) {
    fmt::print(stderr, "vcsplit: {}: {} rows sealed; keep the last hash outside the file\n",
               a.files[0], r.sealed_rows);
  }
  return kExitOk;
}

int RunVerify(const LedgerArgs& a, const GlobalOptions& g) {
  PhoneNormalizer::CheckRegion(a.region);
  PhoneNormalizer phones(a.region);
  VerifyResult r = VerifyLedger(a.files.at(0), a.anchor, &phones);
  // A script stores stdout as the next anchor: a broken chain prints none.
  if (r.ok && !r.last_hash.empty()) Out(fmt::format("{}\n", r.last_hash));
  if (!r.ok) {
    if (r.bad_line) {
      fmt::print(stderr, "vcsplit: {}:{}: {}\n", a.files[0], r.bad_line, r.problem);
    } else {
      fmt::print(stderr, "vcsplit: {}: {}\n", a.files[0], r.problem);
    }
    return kExitFindings;
  }
  if (!g.quiet) fmt::print(stderr, "vcsplit: {}: {} rows verified\n", a.files[0], r.sealed_rows);
  return kExitOk;
}

int RunExplain(const LedgerArgs& a, const GlobalOptions& g) {
  int given = (a.phone ? 1 : 0) + (a.email ? 1 : 0) + (a.uid ? 1 : 0);
  if (given != 1) ThrowUsage("give exactly one of --phone, --email, --uid");
  LedgerOptions o = Options(a, false);
  o.keep_text = true;  // the rows' times as written
  PhoneNormalizer phones(a.region);
  Key key;
  if (a.phone) {
    std::optional<std::string> e164 = phones.ToE164(*a.phone);
    if (!e164) ThrowUsage(fmt::format("--phone: cannot read number '{}'", *a.phone));
    key = {KeyType::kPhone, *e164};
  } else if (a.email) {
    key = {KeyType::kEmail, NormalizeEmail(*a.email)};
  } else {
    key = {KeyType::kUid, NormalizeUid(*a.uid)};
  }
  StderrReporter reporter(g);
  Ledger ledger;
  if (!ledger.Load(a.files, o, &phones, &reporter)) {
    throw FatalError(kExitUsage, "the ledger has errors");
  }
  std::vector<ExplainedEvent> trail;
  Evaluation ev = ledger.Explain(key, &trail);
  Out(fmt::format("key {} (purpose {}, as of {})\n", key.ToString(),
                  ledger.purpose().empty() ? "-" : ledger.purpose(), FormatLocal(o.as_of)));
  for (const ExplainedEvent& t : trail) {
    const Event& e = *t.event;
    Out(fmt::format("  {}:{}  {:<25}  {:<9}  {}\n", ledger.FileOf(e), e.line, ledger.TimeText(e),
                    StatusName(e.status), t.note));
  }
  if (trail.empty()) Out("  no event names this key\n");
  Out(fmt::format("state: {}\n", StateName(ev.state)));
  return kExitOk;
}

void AddEvaluationOptions(CLI::App* cmd, LedgerArgs* a) {
  AddRegionOption(cmd, &a->region);
  cmd->add_option("-p,--purpose", a->purpose, "Purpose whose consent counts")->type_name("ID");
  cmd->add_option("--as-of", a->as_of, "Evaluate at this time (default: now)")->type_name("TIME");
  cmd->add_option("--max-age", a->max_age, "A consent older than this counts as expired")
      ->type_name("DURATION");
}

}  // namespace

namespace {

using Args = std::shared_ptr<LedgerArgs>;
using LedgerRun = int (*)(const LedgerArgs&, const GlobalOptions&);

// Makes `cmd`, when chosen, run `fn` with the parsed arguments.
void Bind(CLI::App* cmd, const Args& a, const GlobalOptions& global, RunFunction* run,
          LedgerRun fn) {
  cmd->callback([a, &global, run, fn] { *run = [a, &global, fn] { return fn(*a, global); }; });
}

void AddRegion(CLI::App* cmd, const Args& a) { AddRegionOption(cmd, &a->region); }

CLI::App* AddLint(CLI::App* ledger, const Args& a) {
  CLI::App* lint = ledger->add_subcommand("lint", "Report every problem of a ledger");
  lint->add_option("FILE", a->files, "Ledger files (CSV or JSON Lines)")
      ->required()
      ->type_name("FILE");
  AddEvaluationOptions(lint, a.get());
  lint->footer(
      "Exit 0 when clean, 1 with warnings only, 2 with errors.\n\nExample:\n"
      "  vcsplit ledger lint consent.csv");
  return lint;
}

CLI::App* AddInit(CLI::App* ledger, const Args& a) {
  CLI::App* init = ledger->add_subcommand("init", "Write a ledger template from address books");
  init->add_option("BOOK", a->books, "Address books (vCard or CSV); - reads standard input")
      ->required()
      ->type_name("FILE");
  init->add_option("-o,--output", a->output, "Write to FILE instead of standard output")
      ->type_name("FILE");
  init->add_option("--lang", a->lang, "Header language: en or de (de: ';' and a BOM, for Excel)")
      ->check(CLI::IsMember({"en", "de"}))
      ->type_name("LANG");
  AddRegion(init, a);
  AddBookOptions(init, &a->book_args, false);
  init->footer(
      "One row per contact with its numbers (E.164), e-mails and UID; contacts\n"
      "without any of these get no row. Rows with an empty status are pending\n"
      "and are not events.\n\nExamples:\n"
      "  vcsplit ledger init contacts.vcf --lang de -o einwilligungen.csv\n"
      "  vcsplit ledger init google-export.csv -o consent.csv");
  return init;
}

CLI::App* AddAdd(CLI::App* ledger, const Args& a) {
  CLI::App* add = ledger->add_subcommand("add", "Append one event, under a lock");
  NewEvent& e = a->event;
  add->add_option("FILE", a->files, "Ledger file")->required()->expected(1)->type_name("FILE");
  add->add_option("-s,--status", e.status,
                  "given, refused, withdrawn, revoked, expired, requested or void")
      ->required()
      ->type_name("STATUS");
  add->add_option("--phone", e.phones, "Phone number (repeatable)")
      ->type_name("NUMBER")
      ->allow_extra_args(false);
  add->add_option("--email", e.emails, "E-mail address (repeatable)")
      ->type_name("ADDRESS")
      ->allow_extra_args(false);
  add->add_option("--uid", e.uids, "vCard UID")->type_name("UID")->allow_extra_args(false);
  add->add_option("--purpose", e.purpose, "Purpose, e.g. whatsapp")->type_name("ID");
  add->add_option("--method", e.method, "written, email, web, messenger, phone, ...")
      ->type_name("METHOD");
  add->add_option("--notice", e.notice, "Version of the consent text shown")->type_name("VERSION");
  add->add_option("--evidence", e.evidence, "Where the proof is")->type_name("TEXT");
  add->add_option("--actor", e.actor, "Who records the row")->type_name("NAME");
  add->add_option("--expires", e.expires, "End of the consent")->type_name("TIME");
  add->add_option("--at", e.at, "When the person decided (default: now)")->type_name("TIME");
  add->add_option("--note", e.note, "A note for people")->type_name("TEXT");
  add->add_option("--name", e.name, "The person's name, for people");
  add->add_option("--id", e.id, "Row id (default: the next number)");
  add->add_option("--ref", e.ref, "The id of the row a void cancels");
  AddRegion(add, a);
  add->footer(
      "Example:\n  vcsplit ledger add consent.csv --status withdrawn --email "
      "anna@example.de --method email --evidence 'mail 2026-05-02'");
  return add;
}

CLI::App* AddSeal(CLI::App* ledger, const Args& a) {
  CLI::App* seal = ledger->add_subcommand("seal", "Fill the hash chain, in place and atomically");
  seal->add_option("FILE", a->files, "Ledger file")->required()->expected(1)->type_name("FILE");
  AddRegion(seal, a);
  seal->footer(
      "Prints the last hash: keep it outside the file.\n\nExample:\n"
      "  vcsplit ledger seal consent.csv > consent.anchor");
  return seal;
}

CLI::App* AddVerify(CLI::App* ledger, const Args& a) {
  CLI::App* verify = ledger->add_subcommand("verify", "Check the hash chain");
  verify->add_option("FILE", a->files, "Ledger file")->required()->expected(1)->type_name("FILE");
  verify->add_option("--anchor", a->anchor, "A hash printed by an earlier seal or verify")
      ->type_name("HASH");
  AddRegion(verify, a);
  verify->footer(
      "Prints the last hash when the chain holds; exit 1 naming the first line\n"
      "that does not match, and nothing on standard output.\n\nExample:\n"
      "  vcsplit ledger verify consent.csv --anchor \"$(cat consent.anchor)\"");
  return verify;
}

CLI::App* AddExplain(CLI::App* ledger, const Args& a) {
  CLI::App* explain = ledger->add_subcommand("explain", "Show how a key's state comes about");
  explain->add_option("FILE", a->files, "Ledger files")->required()->type_name("FILE");
  explain->add_option("--phone", a->phone, "The phone number to explain")->type_name("NUMBER");
  explain->add_option("--email", a->email, "The e-mail address to explain")->type_name("ADDRESS");
  explain->add_option("--uid", a->uid, "The UID to explain")->type_name("UID");
  AddEvaluationOptions(explain, a.get());
  explain->footer(
      "Example:\n  vcsplit ledger explain consent.csv --phone '0171 1234567' "
      "--as-of 2026-01-31");
  return explain;
}

}  // namespace

void SetupLedger(CLI::App& app, const GlobalOptions& global, RunFunction* run) {
  auto a = std::make_shared<LedgerArgs>();
  CLI::App* ledger = app.add_subcommand("ledger", "Check, seal and edit consent ledgers");
  ledger->require_subcommand(1);
  ledger->footer(
      "Examples:\n"
      "  vcsplit ledger lint consent.csv\n"
      "  vcsplit ledger add consent.csv --status given --phone '0171 1234567' --purpose whatsapp\n"
      "  vcsplit ledger verify consent.csv --anchor 3f2a...");
  Bind(AddLint(ledger, a), a, global, run, RunLint);
  Bind(AddInit(ledger, a), a, global, run, RunInit);
  Bind(AddAdd(ledger, a), a, global, run, RunAdd);
  Bind(AddSeal(ledger, a), a, global, run, RunSeal);
  Bind(AddVerify(ledger, a), a, global, run, RunVerify);
  Bind(AddExplain(ledger, a), a, global, run, RunExplain);
}

}  // namespace vcsplit::cli
