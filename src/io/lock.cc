// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "io/lock.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string_view>
#include <thread>

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"

namespace vcsplit {

namespace {

// The pid written in the lock file, 0 when there is none.
long ReadPid(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  char* end = nullptr;
  long pid = std::strtol(buf, &end, 10);
  return pid > 0 ? pid : 0;
}

bool ProcessAlive(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

// "PID" from ".NAME.vcsplit-PID-XXXXXX"; 0 when `name` is not such a file.
long TemporaryOwner(std::string_view name) {
  if (name.empty() || name[0] != '.') return 0;
  size_t at = name.rfind(".vcsplit-");
  if (at == std::string_view::npos) return 0;
  std::string_view rest = name.substr(at + 9);
  size_t dash = rest.find('-');
  if (dash == 0 || dash == std::string_view::npos || rest.size() - dash - 1 != 6) return 0;
  long pid = 0;
  for (char c : rest.substr(0, dash)) {
    if (c < '0' || c > '9' || pid > 100000000) return 0;
    pid = pid * 10 + (c - '0');
  }
  return pid;
}

}  // namespace

size_t RemoveStaleTemporaries(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return 0;
  size_t removed = 0;
  while (struct dirent* e = ::readdir(d)) {
    long pid = TemporaryOwner(e->d_name);
    if (pid == 0 || pid == ::getpid() || ProcessAlive(pid)) continue;
    std::string path = dir + "/" + e->d_name;
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) {
      continue;
    }
    if (::unlink(path.c_str()) == 0) ++removed;
  }
  ::closedir(d);
  return removed;
}

namespace {

// Opens the lock file without following a link, creating it only when it
// is not there (O_EXCL): a link or a second name for another file planted by
// someone who can write the directory is refused, never written. Returns -1
// to try again (it appeared or vanished in between).
int OpenLockFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST) return -1;
  }
  if (fd < 0 && errno == ELOOP) {
    ThrowUsage(
        fmt::format("{}: a symbolic link, not a lock file; remove it; nothing was written", path));
  }
  if (fd < 0) throw FatalError(kExitOutput, SystemMessage(path, errno));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throw FatalError(kExitOutput, SystemMessage(path, err));
  }
  if (!S_ISREG(st.st_mode) || st.st_nlink != 1 || st.st_uid != ::geteuid()) {
    ::close(fd);
    ThrowUsage(fmt::format(
        "{}: not a lock file of this user ({}, {} {}, owner uid {}); remove it if no vcsplit "
        "run is using it; nothing was written",
        path, S_ISREG(st.st_mode) ? "a file" : "not a file", st.st_nlink,
        st.st_nlink == 1 ? "name" : "names", st.st_uid));
  }
  return fd;
}

}  // namespace

DirectoryLock::DirectoryLock(const std::string& dir, double wait_seconds, Reporter* reporter)
    : path_(dir + "/" + kFileName) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(wait_seconds * 1000));
  bool told_waiting = false;
  for (;;) {
    ThrowIfInterrupted();
    int fd = OpenLockFile(path_);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      // The holder before us may have removed the file between our open and
      // our flock; then we locked a file nobody else will see. Start again.
      struct stat by_fd, by_name;
      if (::fstat(fd, &by_fd) == 0 && ::lstat(path_.c_str(), &by_name) == 0 &&
          by_fd.st_dev == by_name.st_dev && by_fd.st_ino == by_name.st_ino) {
        long stale = ReadPid(fd);
        if (stale != 0) {
          reporter->Note(path_, fmt::format("taking over the lock of pid {}, which ended "
                                            "without releasing it",
                                            stale));
        }
        // A fixed width over whatever is there: the file is never truncated.
        std::string pid = fmt::format("{:>10}\n", ::getpid());
        if (::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
          int err = errno;
          ::close(fd);
          throw FatalError(kExitOutput, SystemMessage(path_, err));
        }
        fd_ = fd;
        break;
      }
      ::close(fd);
      continue;
    }
    int err = errno;
    long holder = ReadPid(fd);
    ::close(fd);
    if (err != EWOULDBLOCK) throw FatalError(kExitOutput, SystemMessage(path_, err));
    std::string who = holder ? fmt::format("pid {}", holder) : std::string("another process");
    if (Clock::now() >= deadline) {
      ThrowUsage(
          fmt::format("{}: locked by {} (another vcsplit run writing to this directory); "
                      "{}nothing was written",
                      path_, who,
                      wait_seconds > 0 ? fmt::format("waited {} s; ", wait_seconds)
                                       : std::string("use --wait SECONDS to wait; ")));
    }
    if (!told_waiting) {
      reporter->Note(path_, fmt::format("locked by {}; waiting up to {} s", who, wait_seconds));
      told_waiting = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  size_t removed = RemoveStaleTemporaries(dir);
  if (removed > 0) {
    reporter->Note(dir, fmt::format("removed {} temporary {} left by an interrupted run", removed,
                                    removed == 1 ? "file" : "files"));
  }
}

DirectoryLock::~DirectoryLock() {
  if (fd_ < 0) return;
  // Unlink while still holding the lock: a waiter that opened the old file
  // notices (its inode no longer matches the name) and starts again.
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace vcsplit
