// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "generate.h"

#include <functional>
#include <vector>

#include <fmt/format.h>

namespace vcsplit::cli {

namespace {

std::vector<CLI::App*> Subcommands(CLI::App& app) {
  return app.get_subcommands([](CLI::App*) { return true; });
}

std::vector<const CLI::Option*> Options(const CLI::App& app, bool positional) {
  return app.get_options(
      [positional](const CLI::Option* o) { return o->get_positional() == positional; });
}

// "FORMAT:{text,json}" -> {"text", "json"}: the values an option accepts.
std::vector<std::string> Choices(const CLI::Option& o) {
  std::string type = o.get_type_name();
  size_t open = type.find(":{");
  std::vector<std::string> out;
  if (open == std::string::npos || type.back() != '}') return out;
  std::string list = type.substr(open + 2, type.size() - open - 3);
  size_t start = 0;
  for (size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || list[i] == ',') {
      out.push_back(list.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// The placeholder of an option's value ("FILE"), empty for a flag.
std::string Placeholder(const CLI::Option& o) {
  if (o.get_type_size() == 0) return "";
  std::string type = o.get_type_name();
  size_t colon = type.find(':');
  return colon == std::string::npos ? type : type.substr(0, colon);
}

// All names of an option, as written on the command line: {"-l", "--ledger"}.
std::vector<std::string> Flags(const CLI::Option& o) {
  std::vector<std::string> out;
  for (const std::string& s : o.get_snames()) out.push_back("-" + s);
  for (const std::string& l : o.get_lnames()) out.push_back("--" + l);
  return out;
}

// Walks the command tree: `path` is {"split"} or {"ledger", "add"}.
void Walk(CLI::App& app, std::vector<std::string>& path,
          const std::function<void(CLI::App&, const std::vector<std::string>&)>& visit) {
  visit(app, path);
  for (CLI::App* sub : Subcommands(app)) {
    path.push_back(sub->get_name());
    Walk(*sub, path, visit);
    path.pop_back();
  }
}

std::string Roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (line_start && (c == '.' || c == '\'')) {
      out += "\\&";
      out += c;
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string Joined(const std::vector<std::string>& words, const char* sep) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

// "split [OPTIONS] INPUT..." for the synopsis.
std::string Usage(const CLI::App& app, const std::vector<std::string>& path) {
  std::string usage = "vcsplit " + Joined(path, " ");
  if (!Options(app, false).empty()) usage += " [OPTIONS]";
  for (const CLI::Option* p : Options(app, true)) {
    std::string name = p->get_name();
    if (p->get_expected_max() > 1) name += "...";
    usage += " " + (p->get_required() ? name : "[" + name + "]");
  }
  return usage;
}

}  // namespace

std::string ManPage(CLI::App& app) {
  std::string out;
  out += fmt::format(".TH VCSPLIT 1 \"\" \"vcsplit {}\" \"User Commands\"\n", VCSPLIT_VERSION);
  out += ".SH NAME\nvcsplit \\- split address books by a consent ledger\n";
  out += ".SH SYNOPSIS\n";
  std::vector<std::string> path;
  Walk(app, path, [&](CLI::App& cmd, const std::vector<std::string>& p) {
    if (p.empty() || !Subcommands(cmd).empty()) return;
    out += ".B " + Roff(Usage(cmd, p)) + "\n.br\n";
  });
  out += ".SH DESCRIPTION\n" + Roff(app.get_description()) + "\n";
  out += ".SH GLOBAL OPTIONS\n";
  for (const CLI::Option* o : Options(app, false)) {
    out +=
        ".TP\n\\fB" + Roff(Joined(Flags(*o), ", ")) + "\\fR\n" + Roff(o->get_description()) + "\n";
  }
  out += ".SH COMMANDS\n";
  Walk(app, path, [&](CLI::App& cmd, const std::vector<std::string>& p) {
    if (p.empty()) return;
    out += ".SS \"" + Roff(Usage(cmd, p)) + "\"\n" + Roff(cmd.get_description()) + "\n";
    for (const CLI::Option* o : Options(cmd, true)) {
      out += ".TP\n\\fI" + Roff(o->get_name()) + "\\fR\n" + Roff(o->get_description()) + "\n";
    }
    for (const CLI::Option* o : Options(cmd, false)) {
      std::string value = Placeholder(*o);
      std::vector<std::string> choices = Choices(*o);
      out += ".TP\n\\fB" + Roff(Joined(Flags(*o), ", ")) + "\\fR";
      if (!value.empty()) out += " \\fI" + Roff(value) + "\\fR";
      out += "\n" + Roff(o->get_description());
      if (!choices.empty()) out += " (one of: " + Roff(Joined(choices, ", ")) + ")";
      out += "\n";
    }
    if (!cmd.get_footer().empty()) {
      out += ".PP\n.nf\n" + Roff(cmd.get_footer()) + "\n.fi\n";
    }
  });
  out += ".SH EXIT STATUS\n.nf\n" + Roff(app.get_footer()) + "\n.fi\n";
  out +=
      ".SH ENVIRONMENT\n"
      ".TP\n.B TZ\nTime zone of ledger timestamps written without an offset, and of\n"
      "\\fB\\-\\-as\\-of\\fR.\n"
      ".TP\n.B TMPDIR\nWhere standard input is spooled (an unlinked private file).\n"
      ".TP\n.B NO_COLOR\nvcsplit uses no colour and no terminal escape sequences.\n";
  out +=
      ".SH FILES\n"
      ".TP\n.I DIR/.vcsplit.lock\nHeld while a split writes into DIR; removed at the end.\n"
      ".TP\n.I DIR/.NAME.vcsplit\\-PID\\-XXXXXX\nTemporary outputs (mode 0600), renamed into "
      "place at the end of a\nsuccessful run; removed on failure.\n";
  out += ".SH SEE ALSO\n.BR crontab (5)\n";
  return out;
}

std::string BashCompletion(CLI::App& app) {
  std::string out =
      "# bash completion for vcsplit (generated by vcsplit --generate bash)\n"
      "_vcsplit() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      "  local cmd='' i w\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    w=${COMP_WORDS[i]}\n"
      "    case \"$cmd/$w\" in\n";
  std::vector<std::string> path;
  Walk(app, path, [&](CLI::App& cmd, const std::vector<std::string>& p) {
    for (CLI::App* sub : Subcommands(cmd)) {
      std::string from = Joined(p, " ");
      out += fmt::format("      '{}/{}') cmd='{}' ;;\n", from, sub->get_name(),
                         from.empty() ? sub->get_name() : from + " " + sub->get_name());
    }
  });
  out += "    esac\n  done\n  local words='' values=''\n  case \"$cmd\" in\n";
  Walk(app, path, [&](CLI::App& cmd, const std::vector<std::string>& p) {
    std::vector<std::string> words;
    for (CLI::App* sub : Subcommands(cmd)) words.push_back(sub->get_name());
    std::string values;
    for (const CLI::Option* o : Options(cmd, false)) {
      for (const std::string& f : Flags(*o)) words.push_back(f);
      if (Placeholder(*o).empty()) continue;
      std::vector<std::string> choices = Choices(*o);
      std::string action = !choices.empty()            ? "compgen -W '" + Joined(choices, " ") + "'"
                           : Placeholder(*o) == "DIR"  ? std::string("compgen -d")
                           : Placeholder(*o) == "FILE" ? std::string("compgen -f")
                                                       : std::string(":");
      values += fmt::format("        {}) COMPREPLY=($({} -- \"$cur\")); return ;;\n",
                            Joined(Flags(*o), "|"), action);
    }
    out += fmt::format("    '{}')\n      words='{}'\n      case \"$prev\" in\n{}      esac ;;\n",
                       Joined(p, " "), Joined(words, " "), values);
  });
  out +=
      "  esac\n"
      "  if [[ $cur == -* || $cmd == '' || $cmd == ledger ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
      "  else\n"
      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "  fi\n"
      "}\n"
      "complete -o filenames -F _vcsplit vcsplit\n";
  return out;
}

std::string ZshCompletion(CLI::App& app) {
  auto quote = [](std::string s) {
    std::string out;
    for (char c : s) {
      if (c == '\'') {
        out += "'\\''";
      } else if (c == '[' || c == ']') {
        out += '\\';
        out += c;
      } else {
        out += c;
      }
    }
    return out;
  };
  auto function_name = [](const std::vector<std::string>& p) {
    return p.empty() ? std::string("_vcsplit") : "_vcsplit_" + Joined(p, "_");
  };
  std::string out =
      "#compdef vcsplit\n# zsh completion for vcsplit (generated by vcsplit --generate zsh)\n\n";
  std::vector<std::string> path;
  std::vector<std::string> functions;
  Walk(app, path, [&](CLI::App& cmd, const std::vector<std::string>& p) {
    std::string f = function_name(p) + "() {\n  _arguments -s \\\n";
    for (const CLI::Option* o : Options(cmd, false)) {
      std::vector<std::string> flags = Flags(*o);
      std::string spec = flags.size() > 1
                             ? "'(" + Joined(flags, " ") + ")'{" + Joined(flags, ",") + "}"
                             : flags[0];
      std::string arg;
      if (!Placeholder(*o).empty()) {
        std::vector<std::string> choices = Choices(*o);
        std::string action = !choices.empty()            ? "(" + Joined(choices, " ") + ")"
                             : Placeholder(*o) == "DIR"  ? std::string("_directories")
                             : Placeholder(*o) == "FILE" ? std::string("_files")
                                                         : std::string(" ");
        arg = ":" + quote(Placeholder(*o)) + ":" + action;
      }
      bool repeat =
          o->get_expected_max() > 1 || o->get_lnames() == std::vector<std::string>{"ledger"};
      if (repeat) {
        spec = flags.size() > 1 ? "'*'{" + Joined(flags, ",") + "}" : "'*'" + flags[0];
      }
      f += "    " + spec + "'[" + quote(o->get_description()) + "]" + arg + "' \\\n";
    }
    std::vector<CLI::App*> subs = Subcommands(cmd);
    if (!subs.empty()) {
      f += "    '1:command:->command' \\\n    '*::argument:->next'\n";
      f += "  case $state in\n    command)\n      local -a commands=(\n";
      for (CLI::App* s : subs) {
        f += "        '" + s->get_name() + ":" + quote(s->get_description()) + "'\n";
      }
      f += "      )\n      _describe command commands ;;\n";
      f += "    next)\n      case $words[1] in\n";
      for (CLI::App* s : subs) {
        std::vector<std::string> sp = p;
        sp.push_back(s->get_name());
        f += "        " + s->get_name() + ") " + function_name(sp) + " ;;\n";
      }
      f += "      esac ;;\n  esac\n";
    } else {
      f += "    '*:file:_files'\n";
    }
    f += "}\n\n";
    functions.push_back(f);
  });
  for (const std::string& f : functions) out += f;
  out += "_vcsplit \"$@\"\n";
  return out;
}

}  // namespace vcsplit::cli
