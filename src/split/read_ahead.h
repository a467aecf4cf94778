// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Reads chunks on a second thread while the caller decides and writes the
// earlier ones, so a split keeps both cores busy. The caller sees exactly
// what a plain loop over ChunkReader::Next would give, in the same order:
// the reader's diagnostics are recorded with their chunk and replayed on the
// caller's thread just before it, an exception thrown by the reader comes
// out of Next() after the chunks before it, and bytes for the overflow sink
// are written only once every earlier chunk has been handled. Memory ahead
// of the caller is bounded: at most kMaxBatchesAhead batches and
// kMaxBytesAhead bytes of cards (or one batch, whatever its size), and the
// recycled chunks keep no more than kKeepCapacity bytes of buffer each.

#ifndef VCSPLIT_READ_AHEAD_H_
#define VCSPLIT_READ_AHEAD_H_

#include <signal.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "book/card.h"
#include "book/chunk_reader.h"
#include "io/source.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

class ReadAhead {
 public:
  static constexpr size_t kMaxBytesAhead = 1 << 20;
  static constexpr size_t kMaxBatchesAhead = 8;

  // Diagnostics of the reader end up in `reporter`, in chunk order.
  explicit ReadAhead(Reporter* reporter);
  ~ReadAhead();  // stops the reading thread and waits for it
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The reporter to construct the reader with.
  Reporter* reader_reporter() { return &recorder_; }

  // Starts handing out the chunks of `reader`, which reads `source` (and
  // must no longer be used by the caller). They are read on a second thread
  // when `source` is a regular file (reads from it cannot block for long),
  // else on the caller's thread.
  void Start(std::unique_ptr<ChunkReader> reader, const FileSource* source);

  // Keeps the reader's diagnostics from the start, also those it gives
  // before Start() (a CSV header read at construction), to come out with
  // the first chunk: the caller may report other things in between.
  void HoldDiagnostics() { recorder_.recording = true; }

  // Lets the reader run up to `batches` batches ahead (and kMaxBytesAhead
  // bytes of cards), for a caller that is busy with other work first.
  void AllowAhead(size_t batches) { max_batches_ = batches; }

  // Wraps an overflow sink (ChunkReader::SetOverflowSink) so that it writes
  // in input order. Set it on the reader before Start().
  std::function<void(std::string_view)> OrderedSink(std::function<void(std::string_view)> sink);

  // Like ChunkReader::Next.
  bool Next(Chunk* chunk);

  // The source's offset after the last chunk Next() gave (for progress).
  uint64_t offset() const { return offset_; }

 private:
  // Passes diagnostics through until the thread starts, then records them.
  class Recorder : public Reporter {
   public:
    explicit Recorder(Reporter* next) : next_(next) {}
    void Report(const Diagnostic& d) override;
    bool recording = false;
    std::vector<Diagnostic> pending;

   private:
    Reporter* next_;
  };

  // Chunks travel in batches: one hand-over per batch, not per card.
  struct Batch {
    std::vector<Chunk> chunks;  // [0, count) are filled
    std::vector<std::vector<Diagnostic>> diagnostics;
    std::vector<uint64_t> offsets;
    size_t count = 0;
    size_t next = 0;  // the caller's position
    size_t bytes = 0;
    bool end = false;  // the reader has no more after these
    std::exception_ptr error;
  };
  struct Stopped {};  // unwinds the reading thread when the caller has gone

  void Run();
  std::unique_ptr<Batch> TakeFree();
  void Push(bool force);  // hands `filling_` over
  bool NextBatch();

  static constexpr size_t kBatchChunks = 64;
  static constexpr size_t kBatchBytes = 128 << 10;
  static constexpr size_t kKeepCapacity = 16 << 10;

  Reporter* reporter_;
  Recorder recorder_;
  std::unique_ptr<ChunkReader> reader_;  // after recorder_: destroyed first
  const FileSource* source_ = nullptr;
  bool threaded_ = false;
  uint64_t offset_ = 0;
  size_t max_batches_ = kMaxBatchesAhead;

  Chunk current_;                    // reading thread: the chunk being read
  std::unique_ptr<Batch> filling_;   // reading thread: the batch being filled
  std::unique_ptr<Batch> draining_;  // caller: the batch being handed out

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Batch>> queue_;  // guarded by mu_
  std::vector<std::unique_ptr<Batch>> free_;  // guarded by mu_
  size_t bytes_ahead_ = 0;                    // guarded by mu_
  bool stop_ = false;                         // guarded by mu_
  bool caller_waiting_ = false;               // guarded by mu_
  std::thread thread_;
  sigset_t saved_mask_;
};

}  // namespace vcsplit

#endif  // VCSPLIT_READ_AHEAD_H_
