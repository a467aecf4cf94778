// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "io/output.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "vcsplit/error.h"

namespace vcsplit {

namespace {

constexpr size_t kBufferSize = 1 << 20;

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// ".vcsplit-PID-XXXXXX": short enough beside any valid name (NAME_MAX), and
// the pid lets a later run recognise the file of a killed one (lock.h).
std::string TemporaryName() {
  static const char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  unsigned char random[6] = {};
  if (::getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random)) {
    static unsigned counter = 0;
    for (unsigned char& r : random) r = static_cast<unsigned char>(++counter * 131u);
  }
  std::string name = fmt::format(".vcsplit-{}-", ::getpid());
  for (unsigned char r : random) name += kChars[r % (sizeof kChars - 1)];
  return name;
}

bool IsWritableSpecial(mode_t mode) { return S_ISCHR(mode) || S_ISFIFO(mode); }

// What `path` is, as an output: nothing or a regular file (or a link that
// will be replaced), a directory, or something to write through.
enum class Target { kReplaceable, kDirectory, kSpecial };

Target Classify(const std::string& path, struct stat* followed) {
  struct stat own;
  if (::lstat(path.c_str(), &own) != 0) return Target::kReplaceable;
  if (S_ISDIR(own.st_mode)) return Target::kDirectory;
  if (S_ISREG(own.st_mode)) return Target::kReplaceable;
  if (!S_ISLNK(own.st_mode)) {
    *followed = own;
    return Target::kSpecial;
  }
  // A link to a file (or a dangling one) is replaced by the new file; the
  // file it points to is never written.
  if (::stat(path.c_str(), followed) != 0 || S_ISREG(followed->st_mode)) {
    return Target::kReplaceable;
  }
  return S_ISDIR(followed->st_mode) ? Target::kDirectory : Target::kSpecial;
}

// The refusals of a device or FIFO target, from its stat.
void CheckSpecial(const std::string& path, const struct stat& st, AtomicOutput::Naming naming) {
  if (naming == AtomicOutput::Naming::kDerived) {
    ThrowUsage(fmt::format(
        "{}: not a regular file (a device, FIFO or link to one); an output in the output "
        "directory must be a file: name a device with --native, --secondary, --rejects or "
        "--report to write to it",
        path));
  }
  if (!IsWritableSpecial(st.st_mode)) {
    ThrowUsage(fmt::format("{}: neither a file, a character device nor a FIFO", path));
  }
  if (st.st_uid != 0 && st.st_uid != ::geteuid()) {
    ThrowUsage(fmt::format("{}: a device or FIFO of another user (uid {}); not written to", path,
                           st.st_uid));
  }
}

void WriteAll(int fd, const char* data, size_t size, const std::string& path) {
  for (size_t done = 0; done < size;) {
    ssize_t n = ::write(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw FatalError(kExitOutput, SystemMessage(path, errno));
    done += static_cast<size_t>(n);
  }
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

void CheckOutputTarget(const std::string& path, AtomicOutput::Naming naming) {
  struct stat st;
  if (Classify(path, &st) == Target::kSpecial) CheckSpecial(path, st, naming);
}

AtomicOutput::AtomicOutput(std::string path, bool dry_run, Naming naming)
    : path_(std::move(path)), base_(BaseName(path_)), dry_run_(dry_run) {
  if (dry_run_) return;
  buffer_.reserve(kBufferSize);
  struct stat st;
  switch (Classify(path_, &st)) {
    case Target::kDirectory:
      throw FatalError(kExitOutput, SystemMessage(path_, EISDIR));
    case Target::kSpecial:
      CheckSpecial(path_, st, naming);
      OpenDevice(naming);
      return;
    case Target::kReplaceable:
      OpenTemporary();
      return;
  }
}

void AtomicOutput::OpenTemporary() {
  dir_fd_ = ::open(DirName(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd_ < 0) throw FatalError(kExitOutput, SystemMessage(path_, errno));
  for (int attempt = 0; fd_ < 0; ++attempt) {
    std::string name = TemporaryName();
    fd_ =
        ::openat(dir_fd_, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd_ >= 0) {
      temp_name_ = name;
    } else if (errno != EEXIST || attempt > 100) {
      throw FatalError(kExitOutput, SystemMessage(path_, errno));
    }
  }
  // 0600 whatever the umask (which can only take bits away).
  if (::fchmod(fd_, 0600) != 0) throw FatalError(kExitOutput, SystemMessage(path_, errno));
}

void AtomicOutput::OpenDevice(Naming naming) {
  // Opened once: O_NONBLOCK so that a FIFO without a reader fails here
  // instead of blocking the run (and its directory lock) forever.
  int fd = ::open(path_.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ENXIO) {
    throw FatalError(kExitOutput, path_ + ": no process is reading this FIFO");
  }
  if (fd < 0) throw FatalError(kExitOutput, SystemMessage(path_, errno));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throw FatalError(kExitOutput, SystemMessage(path_, err));
  }
  if (S_ISREG(st.st_mode)) {
    // Swapped for a file since it was looked at: replace it like one, and
    // never write through this descriptor.
    ::close(fd);
    OpenTemporary();
    return;
  }
  try {
    CheckSpecial(path_, st, naming);  // what was opened, not what the path said
  } catch (...) {
    ::close(fd);
    throw;
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) static_cast<void>(::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK));
  device_fd_ = fd;
  // The bytes wait in a private unlinked file until the run has succeeded.
  const char* tmpdir = std::getenv("TMPDIR");
  std::string templ = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/vcsplit-out-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) throw FatalError(kExitOutput, SystemMessage(templ, errno));
  ::unlink(name.data());
}

AtomicOutput::~AtomicOutput() {
  if (fd_ >= 0) ::close(fd_);
  if (device_fd_ >= 0) ::close(device_fd_);
  if (!committed_ && !temp_name_.empty()) ::unlinkat(dir_fd_, temp_name_.c_str(), 0);
  if (dir_fd_ >= 0) ::close(dir_fd_);
}

void AtomicOutput::KeepOwner(uid_t uid, gid_t gid, unsigned mode) {
  keep_owner_ = true;
  uid_ = uid;
  gid_ = gid;
  mode_ = mode;
}

void AtomicOutput::Write(std::string_view bytes) {
  bytes_ += bytes.size();
  hash_.Update(bytes);
  if (dry_run_) return;
  if (buffer_.size() + bytes.size() > kBufferSize) Flush();
  if (bytes.size() >= kBufferSize) {
    WriteAll(fd_, bytes.data(), bytes.size(), path_);
    return;
  }
  buffer_.append(bytes.data(), bytes.size());
}

void AtomicOutput::Flush() {
  WriteAll(fd_, buffer_.data(), buffer_.size(), path_);
  buffer_.clear();
}

void AtomicOutput::Finish() {
  digest_ = hash_.HexDigest();
  if (dry_run_) return;
  Flush();
  if (device_fd_ >= 0) {
    CopyToDevice();
    return;
  }
  if (keep_owner_) {
    struct stat st;
    if (::fstat(fd_, &st) == 0 && (st.st_uid != uid_ || st.st_gid != gid_) &&
        ::fchown(fd_, uid_, gid_) != 0) {
      throw FatalError(kExitOutput,
                       SystemMessage(path_ + ": cannot keep its owner and group", errno));
    }
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
  std::vector<char> buf(kBufferSize);
  off_t offset = 0;
  for (;;) {
    ssize_t n = ::pread(fd_, buf.data(), buf.size(), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw FatalError(kExitOutput, SystemMessage(path_, errno));
    if (n == 0) break;
    offset += n;
    WriteAll(device_fd_, buf.data(), static_cast<size_t>(n), path_);
  }
  int fd = device_fd_;
  device_fd_ = -1;
  if (::close(fd) != 0 && errno != EINTR)
    throw FatalError(kExitOutput, SystemMessage(path_, errno));
  ::close(fd_);
  fd_ = -1;
}

void AtomicOutput::CheckReplaceable() const {
  if (dry_run_ || temp_name_.empty()) return;
  struct stat target;
  if (::fstatat(dir_fd_, base_.c_str(), &target, AT_SYMLINK_NOFOLLOW) != 0) return;
  if (S_ISDIR(target.st_mode)) throw FatalError(kExitOutput, SystemMessage(path_, EISDIR));
  // In a sticky directory (/tmp) only the owner of a file, or of the
  // directory, may replace it.
  struct stat dir;
  uid_t me = ::geteuid();
  if (me != 0 && ::fstat(dir_fd_, &dir) == 0 && (dir.st_mode & S_ISVTX) != 0 &&
      target.st_uid != me && dir.st_uid != me) {
    throw FatalError(kExitOutput, SystemMessage(path_, EPERM));
  }
}

void AtomicOutput::Commit() {
  if (dry_run_ || temp_name_.empty()) return;
  if (::renameat(dir_fd_, temp_name_.c_str(), dir_fd_, base_.c_str()) != 0) {
    throw FatalError(kExitOutput, SystemMessage(path_, errno));
  }
  committed_ = true;
  ::fsync(dir_fd_);
}

}  // namespace vcsplit
