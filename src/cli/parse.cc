// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Parsing the command line into usage errors a person can act on (SPEC
// §2.4): an unknown command or option is named, quoted and, when a known
// one is close, suggested, and it is reported before a missing required
// option (a typo in --ledger must not read as "--ledger is required"). Every
// usage error ends by pointing at the command's --help.
//
// CLI11 checks requirements before extras, so the line is parsed twice: a
// first pass with nothing required and extras allowed finds unknown words;
// only when there are none is it parsed again, for real.

#include "parse.h"

#include "commands.h"

#include <cctype>
#include <string>
#include <vector>

#include "util/text.h"
#include "vcsplit/error.h"

namespace vcsplit::cli {

namespace {

// What the first pass relaxes, to be put back for the second.
struct Relaxed {
  std::vector<CLI::Option*> required;
  std::vector<std::pair<CLI::App*, std::pair<size_t, size_t>>> subcommands;
};

void Relax(CLI::App* app, Relaxed* saved) {
  for (CLI::Option* opt : app->get_options()) {
    if (opt->get_required()) {
      saved->required.push_back(opt);
      opt->required(false);
    }
  }
  saved->subcommands.push_back(
      {app, {app->get_require_subcommand_min(), app->get_require_subcommand_max()}});
  app->require_subcommand(0);
  app->allow_extras(true);
  for (CLI::App* sub : app->get_subcommands({})) Relax(sub, saved);
}

void Restore(const Relaxed& saved) {
  for (CLI::Option* opt : saved.required) opt->required(true);
  for (const auto& [app, minmax] : saved.subcommands) {
    app->require_subcommand(minmax.first, minmax.second);
    app->allow_extras(false);
  }
}

// The chain of commands given: "vcsplit ledger add" -> {ledger, add}.
std::vector<CLI::App*> Chosen(CLI::App* app) {
  std::vector<CLI::App*> chain;
  for (CLI::App* at = app;;) {
    std::vector<CLI::App*> subs = at->get_subcommands();
    if (subs.empty()) return chain;
    at = subs.front();
    chain.push_back(at);
  }
}

std::string CommandName(const std::vector<CLI::App*>& chain) {
  std::string name = "vcsplit";
  for (CLI::App* a : chain) name += " " + a->get_name();
  return name;
}

// CLI11's messages start upper-case and end in a period; ours do neither.
std::string Lowercased(std::string s) {
  bool acronym = s.size() > 1 && std::isupper(static_cast<unsigned char>(s[1]));
  if (!s.empty() && !acronym) {
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  }
  while (!s.empty() && (s.back() == '\n' || s.back() == '.')) s.pop_back();
  return s;
}

int UsageError(CLI::App* root, const std::vector<CLI::App*>& chain, const std::string& message) {
  std::string name = CommandName(chain);
  CLI::App* at = chain.empty() ? root : chain.back();
  bool has_commands = !at->get_subcommands({}).empty();
  PrintError(name + ": " + message + "\nRun '" + name + " --help' for the " +
             (has_commands ? "commands" : "options") + ".\n");
  return kExitUsage;
}

// The long and short names of the options `chain` accepts, global ones
// included.
std::vector<std::string> OptionNames(CLI::App* root, const std::vector<CLI::App*>& chain) {
  std::vector<std::string> names;
  std::vector<CLI::App*> apps = {root};
  apps.insert(apps.end(), chain.begin(), chain.end());
  for (CLI::App* app : apps) {
    for (const CLI::Option* opt : app->get_options()) {
      for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
      for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
    }
  }
  return names;
}

// Reports the first word the first pass could not place; -1 when none.
int ReportExtras(CLI::App* app) {
  std::vector<std::string> extras = app->remaining(true);
  if (extras.empty()) return -1;
  std::vector<CLI::App*> chain = Chosen(app);
  for (const std::string& extra : extras) {
    if (extra.size() < 2 || extra[0] != '-') continue;
    std::string option = extra.substr(0, extra.find('='));
    return UsageError(app, chain,
                      "unknown option " + QuoteWithSuggestion(option, OptionNames(app, chain)));
  }
  CLI::App* at = chain.empty() ? app : chain.back();
  std::vector<std::string> commands;
  for (const CLI::App* sub : at->get_subcommands({})) commands.push_back(sub->get_name());
  if (!commands.empty()) {
    return UsageError(app, chain, "unknown command " + QuoteWithSuggestion(extras[0], commands));
  }
  return UsageError(app, chain, "unexpected argument " + QuoteWithSuggestion(extras[0], {}));
}

}  // namespace

int ParseCommandLine(CLI::App& app, int argc, char** argv) {
  Relaxed saved;
  Relax(&app, &saved);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    Restore(saved);
    return UsageError(&app, Chosen(&app), Lowercased(e.what()));
  }
  int extras = ReportExtras(&app);
  Restore(saved);
  if (extras >= 0) return extras;
  app.clear();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string message = Lowercased(e.what());
    if (message.find("subcommand") != std::string::npos &&
        message.find("required") != std::string::npos) {
      message = "a command is required";
    }
    return UsageError(&app, Chosen(&app), message);
  }
  return -1;
}

}  // namespace vcsplit::cli
