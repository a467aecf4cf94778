// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "io/source.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/sha256.h"
#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"

namespace vcsplit {

std::string SystemMessage(const std::string& what, int errno_value) {
  return what + ": " + std::strerror(errno_value);
}

size_t StringSource::Read(char* buf, size_t n) {
  size_t k = std::min(n, data_.size() - pos_);
  std::memcpy(buf, data_.data() + pos_, k);
  pos_ += k;
  return k;
}

FileSource::FileSource(const std::string& path, const std::string& display) : display_(display) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw FatalError(kExitUsage, SystemMessage(display, errno));
  try {
    Stat();
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

FileSource::FileSource(int fd, const std::string& display) : fd_(fd), display_(display) {
  try {
    Stat();
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

void FileSource::Stat() {
  struct stat st;
  if (::fstat(fd_, &st) != 0) throw FatalError(kExitUsage, SystemMessage(display_, errno));
  if (S_ISDIR(st.st_mode)) throw FatalError(kExitUsage, SystemMessage(display_, EISDIR));
  dev_ = st.st_dev;
  ino_ = st.st_ino;
  size_ = S_ISREG(st.st_mode) ? static_cast<int64_t>(st.st_size) : -1;
}

void FileSource::Rewind() {
  if (::lseek(fd_, 0, SEEK_SET) != 0) throw FatalError(kExitUsage, SystemMessage(display_, errno));
  offset_ = 0;
}

int CreatePrivateTemporary(const char* what) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string templ =
      std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/vcsplit-" + what + "-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(name.data());  // private from the start; gone when closed
  return fd;
}

std::unique_ptr<FileSource> SpoolStdin() {
  int fd = CreatePrivateTemporary("stdin");
  if (fd < 0) throw FatalError(kExitUsage, SystemMessage("<stdin>: cannot spool", errno));
  auto spool = std::make_unique<FileSource>(fd, "<stdin>");
  char buf[65536];
  for (;;) {
    ThrowIfInterrupted();  // an endless standard input must still end on a signal
    ssize_t n = ::read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      ThrowIfInterrupted();
      continue;
    }
    if (n < 0) throw FatalError(kExitUsage, SystemMessage("<stdin>", errno));
    if (n == 0) break;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(fd, buf + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) throw FatalError(kExitUsage, SystemMessage("<stdin>: cannot spool", errno));
      done += w;
    }
  }
  spool->Rewind();
  spool->Stat();  // its size is known now
  return spool;
}

size_t HashingSource::Read(char* buf, size_t n) {
  size_t k = inner_->Read(buf, n);
  hash_->Update(std::string_view(buf, k));
  return k;
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

size_t FileSource::Read(char* buf, size_t n) {
  // A read that never blocks (/dev/zero, a huge file) must still end on
  // SIGINT or SIGTERM: the flag is checked on every read, not only on EINTR.
  ThrowIfInterrupted();
  for (;;) {
    ssize_t r = ::read(fd_, buf, n);
    if (r >= 0) {
      offset_ += static_cast<uint64_t>(r);
      return static_cast<size_t>(r);
    }
    if (errno == EINTR) {
      ThrowIfInterrupted();
      continue;
    }
    throw FatalError(kExitUsage, SystemMessage(display_, errno));
  }
}

std::string ReadWholeFile(const std::string& path, const std::string& display) {
  FileSource src(path, display);
  std::string out;
  char buf[65536];
  for (;;) {
    size_t n = src.Read(buf, sizeof buf);
    if (n == 0) break;
    out.append(buf, n);
  }
  return out;
}

}  // namespace vcsplit
