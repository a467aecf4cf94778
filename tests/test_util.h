// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Helpers for tests: a fresh temporary directory, small file utilities, and
// running the built vcsplit binary with captured stdout, stderr and exit code.

#ifndef VCSPLIT_TESTS_TEST_UTIL_H_
#define VCSPLIT_TESTS_TEST_UTIL_H_

#include <string>
#include <vector>

#include <sys/types.h>

namespace vcsplit::test {

// A directory under $TMPDIR (or /tmp), removed with its contents on
// destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& data);
std::string ReadFile(const std::string& path);
bool Exists(const std::string& path);
mode_t FileMode(const std::string& path);                  // permission bits
std::vector<std::string> ListDir(const std::string& dir);  // names, sorted

struct RunResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;
  std::string err;
  long max_rss_kb = 0;  // peak resident set size of the child
};

// Runs build/vcsplit with `args` in directory `cwd`, feeding `input` on
// standard input.
RunResult RunVcsplit(const std::vector<std::string>& args, const std::string& cwd,
                     const std::string& input = "");

// Path of a file in the source tree (examples/, tests/data/).
std::string SourcePath(const std::string& relative);

}  // namespace vcsplit::test

#endif  // VCSPLIT_TESTS_TEST_UTIL_H_
