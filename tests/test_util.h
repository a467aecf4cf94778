// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Helpers for tests: a fresh temporary directory, small file utilities, and
// running the built vcsplit binary with captured stdout, stderr and exit code.

#ifndef VCSPLIT_TESTS_TEST_UTIL_H_
#define VCSPLIT_TESTS_TEST_UTIL_H_

#include <functional>
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
long long FileSize(const std::string& path);               // -1 when missing
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

// How a background process is started.
struct SpawnOptions {
  std::vector<std::string> env;    // NAME=VALUE added to the environment
  int umask = -1;                  // set in the child when >= 0
  long long file_size_limit = -1;  // RLIMIT_FSIZE in bytes when >= 0
  std::string stdin_file;          // read standard input from this file, else a pipe
  std::string program;             // default: build/vcsplit
  bool as_nobody = false;          // when run by root: drop to uid/gid 65534 first
};

// A process running in the background: standard input is a pipe the test
// writes (or a file), standard output and error go to files read by Wait().
// The destructor kills and reaps a process that is still running.
class Process {
 public:
  Process(const std::vector<std::string>& args, const std::string& cwd,
          const SpawnOptions& options = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  void Write(const std::string& data);
  void CloseStdin();
  void Signal(int sig);
  // Waits for the end; exit_code is 128 + signal when killed by one.
  RunResult Wait();
  // True when the process has ended within `seconds` (Wait() then returns
  // at once, without closing standard input first having mattered).
  bool EndsWithin(double seconds);
  // What it has written to standard error so far.
  std::string ErrSoFar() const;

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  std::string out_path_, err_path_;
  bool reaped_ = false;
  int status_ = 0;
  long max_rss_kb_ = 0;
};

// A copy of build/vcsplit that another user can run, whatever the mode of
// the checkout's directories (a private 0700 directory included); runs with
// SpawnOptions::as_nobody use it.
std::string BinaryForOtherUsers();

// True when tests run as root (privileged runs skip nothing: they drop to
// an unprivileged user where permissions matter).
bool RunningAsRoot();

// Polls `condition` every 20 ms for up to `seconds`; returns its last value.
bool WaitFor(const std::function<bool()>& condition, double seconds = 20);

// Where process `pid` is reading `path`: the offset of its descriptor open on
// that file, or -1 when it has none (from /proc). Lets a test act in the
// middle of a run however fast the run is.
long long ReadOffset(pid_t pid, const std::string& path);
// The bytes process `pid` has read so far from all files (rchar).
long long BytesRead(pid_t pid);

// Built with AddressSanitizer: its shadow memory and quarantine make a
// process larger and slower, so memory limits in tests are multiplied by
// kSanitizerFactor and the quarantine of children is kept small (call
// BoundSanitizerQuarantine() before starting them).
#if defined(__SANITIZE_ADDRESS__)
#define VCSPLIT_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VCSPLIT_TEST_ASAN 1
#endif
#endif
#ifdef VCSPLIT_TEST_ASAN
constexpr long kSanitizerFactor = 4;
#else
constexpr long kSanitizerFactor = 1;
#endif
void BoundSanitizerQuarantine();

// `n` small vCard 3.0 cards (CRLF), each with a name, a mobile number to
// normalise and an e-mail address: a book that takes a while to split.
std::string ManyCards(size_t n);

// True when `dir` holds a temporary output of a run (".NAME.vcsplit-…").
bool HasTemporary(const std::string& dir);

// Path of a file in the source tree (examples/, tests/data/).
std::string SourcePath(const std::string& relative);
// A path in the build directory.
std::string BuildPath(const std::string& relative);
// Runs `program` with `args` in `cwd` to its end.
RunResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                     const std::string& cwd);

}  // namespace vcsplit::test

#endif  // VCSPLIT_TESTS_TEST_UTIL_H_
