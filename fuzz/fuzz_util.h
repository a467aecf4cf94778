// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Helpers shared by the fuzz checks: an in-memory file for ledgers, a source
// that hands out its bytes a few at a time (so a reader's decisions can be
// compared across every way a read may be cut), and a small fixed ledger
// against which the decisions are taken.

#ifndef VCSPLIT_FUZZ_FUZZ_UTIL_H_
#define VCSPLIT_FUZZ_FUZZ_UTIL_H_

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>

#include "io/source.h"
#include "ledger/ledger.h"
#include "phone/keys.h"
#include "split/decide.h"

namespace vcsplit {

// Writes `data` to an anonymous in-memory file and returns a path that
// names it ("/proc/self/fd/N").
class MemoryFile {
 public:
  MemoryFile() : fd_(::memfd_create("fuzz", 0)) {}
  ~MemoryFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  std::string Put(std::string_view data) {
    if (::ftruncate(fd_, 0) != 0) return "";
    if (!data.empty() &&
        ::pwrite(fd_, data.data(), data.size(), 0) != static_cast<ssize_t>(data.size())) {
      return "";
    }
    return "/proc/self/fd/" + std::to_string(fd_);
  }

 private:
  int fd_;
};

// Hands out at most `step` bytes per Read, as a pipe or a slow disk may.
class ChunkedSource : public ByteSource {
 public:
  ChunkedSource(std::string_view data, size_t step) : data_(data), step_(step) {}
  size_t Read(char* buf, size_t n) override {
    size_t k = std::min({n, step_, data_.size() - pos_});
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string_view data_;
  size_t step_;
  size_t pos_ = 0;
};

// What one chunk was, and where the split would send it.
struct ChunkTrace {
  ChunkKind kind;
  std::string bytes;  // its bytes (an oversized chunk's: what reached the overflow sink)
  uint64_t line;
  bool missing_newline;
  bool crlf;
  size_t people;
  Output output;
  Reason reason;

  bool operator==(const ChunkTrace& o) const {
    return std::tie(kind, bytes, line, missing_newline, crlf, people, output, reason) ==
           std::tie(o.kind, o.bytes, o.line, o.missing_newline, o.crlf, o.people, o.output,
                    o.reason);
  }
};

// The read sizes every fuzz input is read with: a byte at a time, an odd
// small size, and the readers' own block size.
constexpr size_t kReadSteps[] = {1, 7, size_t{64} << 10};

// A ledger that grants, refuses and withdraws a few keys, for decisions
// that differ from card to card. Loaded once.
inline const Ledger& FuzzLedger() {
  static const std::unique_ptr<Ledger> ledger = [] {
    MemoryFile file;
    std::string path = file.Put(
        "timestamp,status,phone,email,uid\n"
        "2026-01-01,given,030 1234,,\n"
        "2026-01-01,given,,a@b.de,\n"
        "2026-01-02,withdrawn,0171 555,,\n"
        "2026-01-01,refused,,x@y.de,\n"
        "2026-01-01,given,,,u-1\n");
    PhoneNormalizer phones("DE");
    NullReporter quiet;
    LedgerOptions options;
    options.as_of = 1780000000;  // 2026-05-28
    auto l = std::make_unique<Ledger>();
    l->Load({path}, options, &phones, &quiet);
    return l;
  }();
  return *ledger;
}

}  // namespace vcsplit

#endif  // VCSPLIT_FUZZ_FUZZ_UTIL_H_
