// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Options shared by split, check and diff.

#include "commands.h"

namespace vcsplit::cli {

void AddBookOptions(CLI::App* cmd, std::optional<std::string>* input_format, CsvBookOptions* csv) {
  cmd->add_option("--input-format", *input_format, "Override format detection: vcard or csv")
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
}

}  // namespace vcsplit::cli
