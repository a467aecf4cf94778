// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Output files that appear all at once or not at all. An AtomicOutput writes
// to a private temporary file (mode 0600) beside its target; Finish() flushes
// and fsyncs it, Commit() renames it over the target (replacing a symlink
// itself, never writing through it). A temporary file that was not committed
// is removed by the destructor, so no error path leaves one behind.
//
// A target that exists and is neither a regular file nor a directory (a
// device such as /dev/null or /dev/stdout, a FIFO) cannot be renamed over:
// its bytes wait in an unlinked private file and are written to it in
// Finish(), after the whole run succeeded and before anything is renamed.
// A symlink to such a target counts as the target; any other symlink is
// replaced itself.

#ifndef VCSPLIT_OUTPUT_H_
#define VCSPLIT_OUTPUT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "io/sha256.h"

namespace vcsplit {

class AtomicOutput {
 public:
  // Creates the temporary file. Throws FatalError(kExitOutput) with
  // "<path>: <reason>" on failure. Nothing is written when `dry_run`: the
  // bytes are only counted and hashed.
  AtomicOutput(std::string path, bool dry_run);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Buffered write; throws FatalError(kExitOutput) on failure.
  void Write(std::string_view bytes);
  // Flushes, sets the mode (0600 unless SetMode said otherwise), fsyncs and
  // closes. Throws on failure.
  void Finish();
  // For files that keep their own mode when rewritten (a sealed ledger).
  void SetMode(unsigned mode) { mode_ = mode; }
  // Renames the temporary file over the target and fsyncs the directory.
  void Commit();

  const std::string& path() const { return path_; }
  uint64_t bytes() const { return bytes_; }
  // SHA-256 of everything written; call after Finish().
  const std::string& sha256() const { return digest_; }

 private:
  void Flush();
  void CopyToDevice();

  std::string path_;
  std::string temp_path_;
  bool dry_run_;
  int fd_ = -1;
  bool committed_ = false;
  bool device_ = false;
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
// (following symlinks): a device or a FIFO, written in place.
bool IsDevice(const std::string& path);

}  // namespace vcsplit

#endif  // VCSPLIT_OUTPUT_H_
