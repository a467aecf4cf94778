// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "test_util.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace vcsplit::test {

namespace {

void RemoveTree(const std::string& path) {
  DIR* d = ::opendir(path.c_str());
  if (d) {
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      std::string child = path + "/" + name;
      struct stat st;
      if (::lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        ::chmod(child.c_str(), 0700);
        RemoveTree(child);
      } else {
        ::unlink(child.c_str());
      }
    }
    ::closedir(d);
  }
  ::rmdir(path.c_str());
}

}  // namespace

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base && *base ? base : "/tmp") + "/vcsplit-test-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  if (!::mkdtemp(name.data())) throw std::runtime_error("mkdtemp failed");
  path_ = name.data();
}

TempDir::~TempDir() { RemoveTree(path_); }

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

mode_t FileMode(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

long long FileSize(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<long long>(st.st_size);
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return names;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

std::string SourcePath(const std::string& relative) {
  return std::string(VCSPLIT_SOURCE_DIR) + "/" + relative;
}

std::string BuildPath(const std::string& relative) {
  return std::string(VCSPLIT_BUILD_DIR) + "/" + relative;
}

RunResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                     const std::string& cwd) {
  SpawnOptions o;
  o.program = program;
  Process p(args, cwd, o);
  return p.Wait();
}

RunResult RunVcsplit(const std::vector<std::string>& args, const std::string& cwd,
                     const std::string& input) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) || ::pipe2(out_pipe, O_CLOEXEC) || ::pipe2(err_pipe, O_CLOEXEC))
    throw std::runtime_error("pipe");
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork");
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
      ::close(fd);
    }
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    std::vector<char*> argv;
    std::string bin = VCSPLIT_BINARY;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::signal(SIGPIPE, SIG_IGN);

  RunResult r;
  size_t written = 0;
  int in_fd = in_pipe[1];
  if (input.empty()) {
    ::close(in_fd);
    in_fd = -1;
  }
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open || in_fd >= 0) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (const pollfd& p : fds) {
      if (!p.revents) continue;
      if (p.fd == in_fd) {
        ssize_t n = ::write(in_fd, input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<size_t>(n);
        if (n < 0 || written == input.size()) {
          ::close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      ssize_t n = ::read(p.fd, buf, sizeof buf);
      std::string& target = p.fd == out_pipe[0] ? r.out : r.err;
      if (n > 0) {
        target.append(buf, static_cast<size_t>(n));
      } else {
        (p.fd == out_pipe[0] ? out_open : err_open) = false;
      }
    }
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  r.max_rss_kb = usage.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string BinaryForOtherUsers() {
  // One copy per test process, removed when it ends.
  struct Copy {
    std::string dir, path;
    Copy() {
      char templ[] = "/tmp/vcsplit-bin-XXXXXX";
      if (!::mkdtemp(templ)) throw std::runtime_error("mkdtemp failed");
      dir = templ;
      ::chmod(dir.c_str(), 0755);
      path = dir + "/vcsplit";
      WriteFile(path, ReadFile(VCSPLIT_BINARY));
      ::chmod(path.c_str(), 0755);
    }
    ~Copy() { RemoveTree(dir); }
  };
  static const Copy copy;
  return copy.path;
}

Process::Process(const std::vector<std::string>& args, const std::string& cwd,
                 const SpawnOptions& options) {
  const char* base = std::getenv("TMPDIR");
  std::string dir = base && *base ? base : "/tmp";
  for (std::string* path : {&out_path_, &err_path_}) {
    std::string templ = dir + "/vcsplit-process-XXXXXX";
    std::vector<char> name(templ.begin(), templ.end());
    name.push_back('\0');
    int fd = ::mkstemp(name.data());
    if (fd < 0) throw std::runtime_error("mkstemp");
    ::close(fd);
    *path = name.data();
  }
  int in_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  // A run as another user cannot reach a binary inside a private (0700)
  // checkout: it gets a copy in a directory everyone can enter.
  const std::string binary_for_others =
      options.as_nobody && RunningAsRoot() ? BinaryForOtherUsers() : std::string(VCSPLIT_BINARY);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork");
  if (pid_ == 0) {
    int in = options.stdin_file.empty() ? in_pipe[0] : ::open(options.stdin_file.c_str(), O_RDONLY);
    int out = ::open(out_path_.c_str(), O_WRONLY | O_TRUNC);
    int err = ::open(err_path_.c_str(), O_WRONLY | O_TRUNC);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    if (options.umask >= 0) ::umask(static_cast<mode_t>(options.umask));
    if (options.file_size_limit >= 0) {
      struct rlimit lim;
      lim.rlim_cur = lim.rlim_max = static_cast<rlim_t>(options.file_size_limit);
      if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) ::_exit(126);
    }
    for (const std::string& e : options.env) ::putenv(const_cast<char*>(e.c_str()));
    if (options.as_nobody && ::geteuid() == 0) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) {
        ::_exit(126);
      }
    }
    ::signal(SIGPIPE, SIG_DFL);
    std::string bin = options.program.empty() ? std::string(VCSPLIT_BINARY) : options.program;
    if (options.program.empty() && options.as_nobody) bin = binary_for_others;
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    argv.push_back(bin.data());
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  stdin_fd_ = in_pipe[1];
  ::signal(SIGPIPE, SIG_IGN);
  if (!options.stdin_file.empty()) CloseStdin();
}

Process::~Process() {
  if (!reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  CloseStdin();
  ::unlink(out_path_.c_str());
  ::unlink(err_path_.c_str());
}

void Process::Write(const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(stdin_fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("write to child failed");
    done += static_cast<size_t>(n);
  }
}

void Process::CloseStdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

void Process::Signal(int sig) { ::kill(pid_, sig); }

bool Process::EndsWithin(double seconds) {
  return WaitFor(
      [this] {
        if (reaped_) return true;
        struct rusage usage {};
        if (::wait4(pid_, &status_, WNOHANG, &usage) != pid_) return false;
        reaped_ = true;
        max_rss_kb_ = usage.ru_maxrss;
        return true;
      },
      seconds);
}

RunResult Process::Wait() {
  CloseStdin();
  RunResult r;
  if (!reaped_) {
    struct rusage usage {};
    ::wait4(pid_, &status_, 0, &usage);
    reaped_ = true;
    max_rss_kb_ = usage.ru_maxrss;
  }
  int status = status_;
  r.max_rss_kb = max_rss_kb_;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path_);
  r.err = ReadFile(err_path_);
  return r;
}

std::string Process::ErrSoFar() const { return ReadFile(err_path_); }

void BoundSanitizerQuarantine() {
#ifdef VCSPLIT_TEST_ASAN
  const char* old = std::getenv("ASAN_OPTIONS");
  std::string opts = old ? std::string(old) + ":" : "";
  if (opts.find("quarantine_size_mb") == std::string::npos) {
    ::setenv("ASAN_OPTIONS", (opts + "quarantine_size_mb=16").c_str(), 1);
  }
#endif
}

std::string ManyCards(size_t n) {
  std::string out;
  out.reserve(n * 110);
  char buf[160];
  for (size_t i = 0; i < n; ++i) {
    int len = std::snprintf(buf, sizeof buf,
                            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %zu\r\nTEL;TYPE=CELL:0171 "
                            "%07zu\r\nEMAIL:p%zu@example.org\r\nEND:VCARD\r\n",
                            i, i, i);
    out.append(buf, static_cast<size_t>(len));
  }
  return out;
}

bool HasTemporary(const std::string& dir) {
  for (const std::string& name : ListDir(dir)) {
    if (name.find(".vcsplit-") != std::string::npos) return true;
  }
  return false;
}

bool RunningAsRoot() { return ::geteuid() == 0; }

long long ReadOffset(pid_t pid, const std::string& path) {
  char* real = ::realpath(path.c_str(), nullptr);
  if (real == nullptr) return -1;
  std::string target = real;
  std::free(real);
  std::string fds = "/proc/" + std::to_string(pid) + "/fd";
  long long offset = -1;
  for (const std::string& fd : ListDir(fds)) {
    char link[4096];
    ssize_t n = ::readlink((fds + "/" + fd).c_str(), link, sizeof link - 1);
    if (n <= 0 || std::string(link, static_cast<size_t>(n)) != target) continue;
    std::ifstream info("/proc/" + std::to_string(pid) + "/fdinfo/" + fd);
    std::string key;
    long long pos = -1;
    while (info >> key) {
      if (key == "pos:" && info >> pos) break;
    }
    offset = std::max(offset, pos);
  }
  return offset;
}

long long BytesRead(pid_t pid) {
  std::ifstream io("/proc/" + std::to_string(pid) + "/io");
  std::string key;
  long long value = -1;
  while (io >> key) {
    if (key == "rchar:" && io >> value) return value;
  }
  return -1;
}

bool WaitFor(const std::function<bool()>& condition, double seconds) {
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace vcsplit::test
