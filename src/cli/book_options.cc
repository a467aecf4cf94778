// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Options shared by the commands that read address books.

#include <fmt/format.h>

#include "commands.h"
#include "util/text.h"
#include "vcsplit/error.h"

namespace vcsplit::cli {

namespace {

// "64M", "1048576", "2G" -> bytes.
size_t ParseSize(const std::string& text) {
  size_t pos = 0;
  unsigned long long v = 0;
  try {
    v = std::stoull(text, &pos);
  } catch (...) {
    ThrowUsage(fmt::format("--max-card-size: cannot read size '{}'", text));
  }
  std::string unit = text.substr(pos);
  unsigned long long mult = 1;
  if (unit == "K" || unit == "k" || unit == "KiB") {
    mult = 1ull << 10;
  } else if (unit == "M" || unit == "MiB") {
    mult = 1ull << 20;
  } else if (unit == "G" || unit == "GiB") {
    mult = 1ull << 30;
  } else if (!unit.empty()) {
    ThrowUsage(fmt::format("--max-card-size: cannot read size '{}'", text));
  }
  if (v == 0) ThrowUsage("--max-card-size must be more than 0");
  return static_cast<size_t>(v * mult);
}

}  // namespace

BookOptions BookArgs::Resolve() const {
  BookOptions out = books;
  if (format) out.format = ParseBookFormat(*format);
  if (!max_card_size.empty()) out.max_card_size = ParseSize(max_card_size);
  return out;
}

void AddRegionOption(CLI::App* cmd, std::string* region) {
  cmd->add_option("-r,--region", *region, "Region for numbers without country code (default: DE)")
      ->type_name("CC")
      ->transform([](const std::string& text) { return AsciiUpper(text); });
}

void AddBookOptions(CLI::App* cmd, BookArgs* args, bool card_size) {
  CsvBookOptions* csv = &args->books.csv;
  cmd->add_option("--input-format", args->format, "Override format detection: vcard or csv")
      ->check(CLI::IsMember({"vcard", "csv"}))
      ->type_name("FORMAT");
  cmd->add_flag("--no-header", csv->no_header,
                "CSV: the first line is a record; name columns by number (1, 2, ...)");
  cmd->add_option("--phone-columns", csv->phone_columns, "CSV: columns holding phone numbers")
      ->delimiter(',')
      ->type_name("NAME,...")
      ->allow_extra_args(false);
  cmd->add_option("--email-columns", csv->email_columns, "CSV: columns holding e-mail addresses")
      ->delimiter(',')
      ->type_name("NAME,...")
      ->allow_extra_args(false);
  cmd->add_option("--uid-column", csv->uid_column, "CSV: the column holding a unique id")
      ->type_name("NAME");
  if (card_size) {
    cmd->add_option("--max-card-size", args->max_card_size,
                    "Reject larger cards or CSV records (bytes, or K, M, G; default: 64M)")
        ->type_name("BYTES");
  }
}

void AddDecideOptions(CLI::App* cmd, DecideOptions* o, std::string* unknown) {
  cmd->add_option("-l,--ledger", o->ledgers, "Consent ledger (CSV or JSON Lines); repeatable")
      ->type_name("FILE")
      ->required()
      ->allow_extra_args(false);
  cmd->add_option("-p,--purpose", o->purpose,
                  "Purpose whose consent counts (default: the ledger's only purpose)")
      ->type_name("ID");
  AddRegionOption(cmd, &o->region);
  cmd->add_option("--as-of", o->as_of, "Evaluate the ledger at this time (default: now)")
      ->type_name("TIME");
  cmd->add_option("--max-age", o->max_age,
                  "A consent older than this counts as expired (730d, 24m, 2y)")
      ->type_name("DURATION");
  cmd->add_option("--unknown", *unknown,
                  "Where contacts without a ledger entry go (default: secondary)")
      ->check(CLI::IsMember({"secondary", "native"}))
      ->type_name("WHERE");
  cmd->add_flag("--allow-empty", o->allow_empty,
                "Accept an input that holds no card (else exit 2: a failed export)");
}

}  // namespace vcsplit::cli
