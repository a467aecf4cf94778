// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "io/output.h"

#include <cerrno>
#include <cstdlib>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vcsplit/error.h"

namespace vcsplit {

namespace {

constexpr size_t kBufferSize = 1 << 20;

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool IsDevice(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

AtomicOutput::AtomicOutput(std::string path, bool dry_run)
    : path_(std::move(path)), dry_run_(dry_run) {
  if (dry_run_) return;
  buffer_.reserve(kBufferSize);
  if (IsDevice(path_)) {
    // /dev/null, /dev/stdout, a FIFO: it cannot be renamed over, so the
    // bytes wait in a private unlinked file and are copied to it in
    // Finish(), once the whole run has succeeded.
    device_ = true;
    const char* tmpdir = std::getenv("TMPDIR");
    std::string templ = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/vcsplit-out-XXXXXX";
    std::vector<char> name(templ.begin(), templ.end());
    name.push_back('\0');
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) throw FatalError(kExitOutput, SystemMessage(templ, errno));
    ::unlink(name.data());
    return;
  }
  // The pid in the name lets a later run recognise a temporary file whose
  // writer was killed (see lock.h).
  std::string templ = DirName(path_) + "/." + BaseName(path_) + ".vcsplit-" +
                      std::to_string(::getpid()) + "-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  // mkostemp creates the file 0600 whatever the umask.
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) throw FatalError(kExitOutput, SystemMessage(path_, errno));
  temp_path_ = name.data();
  if (::fchmod(fd_, 0600) != 0) throw FatalError(kExitOutput, SystemMessage(path_, errno));
}

AtomicOutput::~AtomicOutput() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

void AtomicOutput::Write(std::string_view bytes) {
  bytes_ += bytes.size();
  hash_.Update(bytes);
  if (dry_run_) return;
  if (buffer_.size() + bytes.size() > kBufferSize) Flush();
  if (bytes.size() >= kBufferSize) {
    buffer_.assign(bytes.data(), bytes.size());
    Flush();
    return;
  }
  buffer_.append(bytes.data(), bytes.size());
}

void AtomicOutput::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw FatalError(kExitOutput, SystemMessage(path_, errno));
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
}

void AtomicOutput::Finish() {
  digest_ = hash_.HexDigest();
  if (dry_run_) return;
  Flush();
  if (device_) {
    CopyToDevice();
    return;
  }
  if (::fchmod(fd_, static_cast<mode_t>(mode_)) != 0) {
    throw FatalError(kExitOutput, SystemMessage(path_, errno));
  }
  if (::fsync(fd_) != 0) throw FatalError(kExitOutput, SystemMessage(path_, errno));
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw FatalError(kExitOutput, SystemMessage(path_, errno));
}

void AtomicOutput::CopyToDevice() {
  int out = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (out < 0) throw FatalError(kExitOutput, SystemMessage(path_, errno));
  std::vector<char> buf(kBufferSize);
  off_t offset = 0;
  for (;;) {
    ssize_t n = ::pread(fd_, buf.data(), buf.size(), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(out);
      throw FatalError(kExitOutput, SystemMessage(path_, err));
    }
    if (n == 0) break;
    offset += n;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(out, buf.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        int err = errno;
        ::close(out);
        throw FatalError(kExitOutput, SystemMessage(path_, err));
      }
      done += w;
    }
  }
  if (::close(out) != 0 && errno != EINTR) {
    throw FatalError(kExitOutput, SystemMessage(path_, errno));
  }
  ::close(fd_);
  fd_ = -1;
}

void AtomicOutput::Commit() {
  if (dry_run_ || device_) return;
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    throw FatalError(kExitOutput, SystemMessage(path_, errno));
  }
  committed_ = true;
  int dir = ::open(DirName(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace vcsplit
