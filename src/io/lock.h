// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Two split runs that write into the same directory must never interleave.
// A DirectoryLock holds an exclusive flock(2) on DIR/.vcsplit.lock for its
// lifetime and writes its pid into the file, so a waiting run can name the
// holder. The kernel releases the lock when the holder dies, however it
// dies, so a lock file left by a killed run is stale by construction: the
// next run takes it over (and says so). The file is removed on release.
//
// The lock file is opened without following links and created with O_EXCL;
// one that is a link, has a second name or belongs to another user is
// refused (exit 2), and it is never truncated: someone who can write the
// directory cannot turn it against another file.
//
// Under the lock, temporary files that an earlier, killed run left in the
// directory (`.vcsplit-PID-XXXXXX`, or `.NAME.vcsplit-PID-XXXXXX` of older
// versions; owned by this user, PID no longer running) are removed.

#ifndef VCSPLIT_LOCK_H_
#define VCSPLIT_LOCK_H_

#include <string>

#include "vcsplit/diagnostics.h"

namespace vcsplit {

class DirectoryLock {
 public:
  static constexpr const char* kFileName = ".vcsplit.lock";

  // Locks `dir`, waiting up to `wait_seconds` for another holder. Throws
  // FatalError(kExitUsage) naming the lock file and the holder's pid when it
  // stays locked or when the lock file is not one of this user's,
  // kExitOutput when the lock file cannot be created, and
  // kExitInterrupted on SIGINT/SIGTERM while waiting. Notes (waiting, stale
  // lock taken over, stale temporaries removed) go to `reporter`.
  DirectoryLock(const std::string& dir, double wait_seconds, Reporter* reporter);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

// Removes temporary files of dead vcsplit processes from `dir` (see above).
// Returns how many were removed.
size_t RemoveStaleTemporaries(const std::string& dir);

}  // namespace vcsplit

#endif  // VCSPLIT_LOCK_H_
