// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Byte sources behind one small interface, so that readers work the same on
// files, standard input (spooled) and in-memory strings in tests.

#ifndef VCSPLIT_SOURCE_H_
#define VCSPLIT_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace vcsplit {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`. Returns the number read, 0 at end of
  // input. Throws FatalError(kExitUsage) on a read error: an input that cannot
  // be read is an input error (SPEC §2.4).
  virtual size_t Read(char* buf, size_t n) = 0;
};

class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  size_t Read(char* buf, size_t n) override;

 private:
  std::string data_;
  size_t pos_ = 0;
};

// Reads a file descriptor it owns and closes.
class FileSource : public ByteSource {
 public:
  // Opens `path` for reading; throws FatalError(kExitUsage) with
  // "<display>: <reason>" when it cannot be opened or is a directory.
  FileSource(const std::string& path, const std::string& display);
  // Takes ownership of an open descriptor.
  FileSource(int fd, const std::string& display);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  size_t Read(char* buf, size_t n) override;
  // Starts again from the first byte (for the second pass of a split).
  void Rewind();
  // Device and inode, to recognise the same file under another name.
  bool SameFile(dev_t dev, ino_t ino) const { return dev == dev_ && ino == ino_; }
  // -1 when not a regular file (a pipe, a terminal).
  int64_t size() const { return size_; }
  // Bytes read since the start or the last Rewind (for progress).
  uint64_t offset() const { return offset_; }

 private:
  friend std::unique_ptr<FileSource> SpoolStdin();

  // A new file in $TMPDIR (else /tmp), mode 0600, already unlinked: private
  // from the start and gone when closed. `what` names it while it exists
  // (vcsplit-WHAT-XXXXXX). Returns the descriptor, or -1 with errno set.
  int CreatePrivateTemporary(const char* what);
  void Stat();

  int fd_ = -1;
  std::string display_;
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  int64_t size_ = -1;
  uint64_t offset_ = 0;
};

// Copies standard input into an unlinked private temporary file (so a split
// can read it twice and nothing is left behind, whatever happens) and
// returns a source reading it, named "<stdin>".
std::unique_ptr<FileSource> SpoolStdin();

// A new file in $TMPDIR (else /tmp), mode 0600, already unlinked: private
// from the start and gone when closed. `what` names it while it exists
// (vcsplit-WHAT-XXXXXX). Returns the descriptor, or -1 with errno set.
int CreatePrivateTemporary(const char* what);

// Hashes the bytes that pass through it.
class HashingSource : public ByteSource {
 public:
  HashingSource(ByteSource* inner, class Sha256* hash) : inner_(inner), hash_(hash) {}
  size_t Read(char* buf, size_t n) override;

 private:
  ByteSource* inner_;
  class Sha256* hash_;
};

// Reads the whole of a (small) file, such as a ledger. Throws like FileSource.
std::string ReadWholeFile(const std::string& path, const std::string& display);

}  // namespace vcsplit

#endif  // VCSPLIT_SOURCE_H_
