// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Output files that appear all at once or not at all, written safely into a
// directory another account may write too (SECURITY.md).
//
// An AtomicOutput opens its directory once and creates a private temporary
// file in it (`.vcsplit-PID-XXXXXX`, mode 0600, O_EXCL, a name short enough
// for any valid output name); Finish() flushes and fsyncs it, Commit()
// renames it over the target through the directory's descriptor, replacing
// whatever is there (a symlink is replaced, never followed). A temporary
// file that was not committed is removed by the destructor, so no error path
// leaves one behind.
//
// A target that is a device or a FIFO (or a link to one) cannot be renamed
// over. It is an output only when its path was named explicitly and it
// belongs to root or to the user running vcsplit. It is opened once, when the
// AtomicOutput is made (a FIFO without a reader fails at once instead of
// hanging), checked with fstat on that descriptor, and written through it:
// the bytes wait in an unlinked private file and go to the device in
// Finish(), after the whole run succeeded and before anything is renamed. A
// link swapped during the run cannot redirect the write.

#ifndef VCSPLIT_IO_OUTPUT_H_
#define VCSPLIT_IO_OUTPUT_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "io/sha256.h"

namespace vcsplit {

class AtomicOutput {
 public:
  // How the path came to be: named on the command line (--native, --report,
  // -o of a tool, ...) or made from --out-dir. Only a named path may be a
  // device or a FIFO.
  enum class Naming { kNamed, kDerived };

  // Creates the temporary file, or opens the device. Throws
  // FatalError(kExitUsage) for a device or FIFO that may not be written
  // (derived, another user's, not a character device or FIFO), and
  // FatalError(kExitOutput) with "<path>: <reason>" when it cannot be
  // created or opened (a directory in the way, a FIFO without a reader).
  // Nothing is written when `dry_run`: the bytes are only counted and hashed.
  AtomicOutput(std::string path, bool dry_run, Naming naming = Naming::kNamed);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Buffered write; throws FatalError(kExitOutput) on failure.
  void Write(std::string_view bytes);
  // Flushes, sets mode and owner (0600 and the user's, unless KeepOwner said
  // otherwise), fsyncs and closes; a device gets its bytes now. Throws on
  // failure.
  void Finish();
  // For a file rewritten in place (a sealed ledger): the new file gets this
  // owner, group and mode. Finish() throws FatalError(kExitOutput) when the
  // owner cannot be kept.
  void KeepOwner(uid_t uid, gid_t gid, unsigned mode);
  // Throws FatalError(kExitOutput) unless Commit() can replace the target
  // now (a directory may have been put in its place). Call it for every
  // output of a run before the first Commit(), so a failure cannot leave
  // some outputs new and others old.
  void CheckReplaceable() const;
  // Renames the temporary file over the target and fsyncs the directory.
  void Commit();

  const std::string& path() const { return path_; }
  uint64_t bytes() const { return bytes_; }
  // SHA-256 of everything written; call after Finish().
  const std::string& sha256() const { return digest_; }

 private:
  void OpenTemporary();
  void OpenDevice(Naming naming);
  void Flush();
  void CopyToDevice();

  std::string path_;
  std::string base_;  // the target's name in its directory
  bool dry_run_;
  int dir_fd_ = -1;        // the target's directory, opened once
  std::string temp_name_;  // in that directory; empty when none was made
  int fd_ = -1;            // the temporary file (for a device: the staging file)
  int device_fd_ = -1;     // the device or FIFO, opened once
  bool committed_ = false;
  bool keep_owner_ = false;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  unsigned mode_ = 0600;
  std::string buffer_;
  uint64_t bytes_ = 0;
  Sha256 hash_;
  std::string digest_;
};

// The directory part of `path` ("." when it has none).
std::string DirName(const std::string& path);

// True when `path` names a directory (following symlinks).
bool IsDirectory(const std::string& path);

// True when `path` exists and is neither a regular file nor a directory
// (following symlinks): a device, a FIFO, a socket.
bool IsDevice(const std::string& path);

// Throws FatalError(kExitUsage) when `path` is a device or FIFO (or a link
// to one) that AtomicOutput would refuse with `naming`: for a check before
// any input is read, when the final path is not known yet.
void CheckOutputTarget(const std::string& path, AtomicOutput::Naming naming);

}  // namespace vcsplit

#endif  // VCSPLIT_IO_OUTPUT_H_
