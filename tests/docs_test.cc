// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The man page, the shell completions and `cmake --install`: generated from
// the same definitions as --help, so every option of every --help must be in
// them, and they must be valid for groff, bash and zsh.

#include <map>
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace vcsplit {
namespace {

using test::Process;
using test::ReadFile;
using test::RunResult;
using test::RunVcsplit;
using test::SpawnOptions;
using test::TempDir;

const std::vector<std::vector<std::string>> kCommands = {
    {},
    {"split"},
    {"check"},
    {"diff"},
    {"fetch"},
    {"publish"},
    {"ledger"},
    {"ledger", "lint"},
    {"ledger", "init"},
    {"ledger", "add"},
    {"ledger", "seal"},
    {"ledger", "verify"},
    {"ledger", "explain"},
};

using test::BuildPath;
using test::RunProgram;

// The option names a --help text shows.
std::set<std::string> HelpOptions(const std::string& help) {
  std::set<std::string> out;
  std::regex option(R"((?:^|[\s,])(--?[a-zA-Z][a-zA-Z0-9-]*))");
  std::string options_part = help.substr(0, help.find("\nExample"));
  for (auto it = std::sregex_iterator(options_part.begin(), options_part.end(), option);
       it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1]);
  }
  return out;
}

std::string RoffEscaped(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

TEST_CASE("docs: every --help has an example and every option is in the man page", "[docs]") {
  TempDir dir;
  std::string man = ReadFile(BuildPath("vcsplit.1"));
  for (const auto& path : kCommands) {
    std::vector<std::string> args = path;
    args.push_back("--help");
    RunResult help = RunVcsplit(args, dir.path());
    INFO("vcsplit " << args.size());
    REQUIRE(help.exit_code == 0);
    CHECK(help.out.find("Example") != std::string::npos);
    std::set<std::string> options = HelpOptions(help.out);
    CHECK(options.count("--help") == 1);
    for (const std::string& o : options) {
      INFO(o);
      CHECK(man.find(RoffEscaped(o)) != std::string::npos);
    }
    if (!path.empty()) {
      std::string title = "vcsplit";
      for (const std::string& p : path) title += " " + p;
      CHECK(man.find(RoffEscaped(title)) != std::string::npos);
    }
  }
  // The man page is what --generate prints now.
  CHECK(RunVcsplit({"--generate", "man"}, dir.path()).out == man);
  CHECK(RunVcsplit({"--generate", "html"}, dir.path()).exit_code == 2);
}

TEST_CASE("docs: the man page renders without groff warnings", "[docs]") {
  TempDir dir;
  RunResult r = RunProgram("/usr/bin/groff",
                           {"-man", "-Tutf8", "-ww", "-z", BuildPath("vcsplit.1")}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  RunResult text = RunProgram(
      "/usr/bin/groff", {"-man", "-Tascii", "-P", "-cbou", BuildPath("vcsplit.1")}, dir.path());
  CHECK(text.out.find("vcsplit split [OPTIONS] INPUT...") != std::string::npos);
  CHECK(text.out.find("EXIT STATUS") != std::string::npos);
  CHECK(text.out.find("--wait SECONDS") != std::string::npos);
}

// What bash completes for the words typed so far (the last one is the word
// being completed).
std::string BashComplete(const std::vector<std::string>& words) {
  std::string array;
  for (const std::string& w : words) array += " '" + w + "'";
  std::string script = "source '" + BuildPath("completions/vcsplit") + "'\nCOMP_WORDS=(" + array +
                       ")\nCOMP_CWORD=" + std::to_string(words.size() - 1) +
                       "\n_vcsplit\necho \"${COMPREPLY[*]}\"\n";
  TempDir dir;
  return RunProgram("/bin/bash", {"-c", script}, dir.path()).out;
}

TEST_CASE("docs: bash completion completes commands, options and their values", "[docs]") {
  CHECK(BashComplete({"vcsplit", "sp"}) == "split\n");
  CHECK(BashComplete({"vcsplit", "ledger", "v"}) == "verify\n");
  CHECK(BashComplete({"vcsplit", "split", "--unk"}) == "--unknown\n");
  CHECK(BashComplete({"vcsplit", "split", "--unknown", ""}) == "secondary native\n");
  CHECK(BashComplete({"vcsplit", "check", "--format", "j"}) == "json junit\n");
  CHECK(BashComplete({"vcsplit", "-q", "diff", "--output-r"}) == "--output-removed\n");
  CHECK(BashComplete({"vcsplit", "split", "--progress", "a"}) == "auto always\n");
}

TEST_CASE("docs: zsh completion is valid zsh and covers every command", "[docs]") {
  TempDir dir;
  std::string file = BuildPath("completions/_vcsplit");
  RunResult syntax = RunProgram("/usr/bin/zsh", {"-n", file}, dir.path());
  CHECK(syntax.exit_code == 0);
  CHECK(syntax.err.empty());
  std::string text = ReadFile(file);
  CHECK(text.rfind("#compdef vcsplit\n", 0) == 0);
  for (const char* f : {"_vcsplit_split()", "_vcsplit_check()", "_vcsplit_diff()",
                        "_vcsplit_ledger_add()", "_vcsplit_ledger_explain()"}) {
    CHECK(text.find(f) != std::string::npos);
  }
  CHECK(text.find("(auto always never)") != std::string::npos);
}

TEST_CASE("docs: cmake --install puts the binary, man page and completions in place", "[docs]") {
  TempDir prefix;
  RunResult install =
      RunProgram(VCSPLIT_CMAKE_COMMAND, {"--install", VCSPLIT_BUILD_DIR, "--prefix", prefix.path()},
                 prefix.path());
  REQUIRE(install.exit_code == 0);
  CHECK(ReadFile(prefix / "share/man/man1/vcsplit.1") == ReadFile(BuildPath("vcsplit.1")));
  CHECK(ReadFile(prefix / "share/bash-completion/completions/vcsplit") ==
        ReadFile(BuildPath("completions/vcsplit")));
  CHECK(ReadFile(prefix / "share/zsh/site-functions/_vcsplit") ==
        ReadFile(BuildPath("completions/_vcsplit")));
  RunResult version = RunProgram(prefix / "bin/vcsplit", {"--version"}, prefix.path());
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("vcsplit ", 0) == 0);
  // The manifest lists what to remove to uninstall.
  std::string manifest = ReadFile(BuildPath("install_manifest.txt"));
  CHECK(manifest.find(prefix / "bin/vcsplit") != std::string::npos);
}

}  // namespace
}  // namespace vcsplit

namespace vcsplit {
namespace {

// The lines of a Markdown file outside code blocks.
std::vector<std::string> ProseLines(const std::string& text) {
  std::vector<std::string> out;
  bool in_code = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("```", 0) == 0) {
      in_code = !in_code;
      continue;
    }
    if (!in_code) out.push_back(line);
  }
  return out;
}

TEST_CASE("docs: each fact is written once, in one document", "[docs]") {
  std::vector<std::string> files = {"README.md", "CONTRIBUTING.md", "SECURITY.md"};
  for (const std::string& name : test::ListDir(test::SourcePath("docs"))) {
    if (name.size() > 3 && name.substr(name.size() - 3) == ".md") files.push_back("docs/" + name);
  }
  // A table row or a long line of prose in two documents is a fact that can
  // drift apart (the ledger's column table once did).
  std::map<std::string, std::string> first_seen;
  for (const std::string& file : files) {
    for (const std::string& line : ProseLines(ReadFile(test::SourcePath(file)))) {
      size_t from = line.find_first_not_of(' ');
      if (from == std::string::npos) continue;
      std::string t = line.substr(from);
      bool separator = t[0] == '|' && t.find_first_not_of("|- ") == std::string::npos;
      bool fact = (t[0] == '|' && t.size() > 20 && !separator) || t.size() > 60;
      if (!fact) continue;
      auto [it, inserted] = first_seen.emplace(t, file);
      if (!inserted && it->second != file) FAIL_CHECK(t + "\nis in " + it->second + " and " + file);
    }
  }
  // The README is the pitch, the quick start and a tour; the reference is
  // in docs/.
  std::string readme = ReadFile(test::SourcePath("README.md"));
  CHECK(readme.find("## Quick start") != std::string::npos);
  CHECK(readme.find("| `-l, --ledger FILE`") == std::string::npos);
  CHECK(readme.find("| `timestamp` |") == std::string::npos);
}

}  // namespace
}  // namespace vcsplit
