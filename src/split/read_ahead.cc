// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/read_ahead.h"

#include <pthread.h>

#include <utility>

namespace vcsplit {

namespace {

// SIGINT and SIGTERM go to the reading thread while it runs: a signal must
// interrupt a blocking read (the handlers have no SA_RESTART), and the
// caller notices the flag at its next chunk.
sigset_t InterruptSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void ReadAhead::Recorder::Report(const Diagnostic& d) {
  if (recording) {
    pending.push_back(d);
  } else {
    next_->Report(d);
  }
}

ReadAhead::ReadAhead(Reporter* reporter) : reporter_(reporter), recorder_(reporter) {
  sigemptyset(&saved_mask_);
}

ReadAhead::~ReadAhead() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  // A signal that arrived meanwhile is delivered now and sets the flag.
  pthread_sigmask(SIG_SETMASK, &saved_mask_, nullptr);
}

void ReadAhead::Start(std::unique_ptr<ChunkReader> reader, const FileSource* source) {
  reader_ = std::move(reader);
  source_ = source;
  threaded_ = source->size() >= 0;
  if (!threaded_) {
    for (const Diagnostic& d : recorder_.pending) reporter_->Report(d);
    recorder_.pending.clear();
    recorder_.recording = false;
    return;
  }
  recorder_.recording = true;
  sigset_t block = InterruptSignals();
  pthread_sigmask(SIG_BLOCK, &block, &saved_mask_);
  thread_ = std::thread([this] { Run(); });
}

std::function<void(std::string_view)> ReadAhead::OrderedSink(
    std::function<void(std::string_view)> sink) {
  return [this, sink = std::move(sink)](std::string_view bytes) {
    if (threaded_) {
      // The chunks before this one go to the caller first; the bytes are
      // written once it has handled them all and waits for the next: then
      // nothing else writes while this does.
      if (filling_ && filling_->count > 0) Push(true);
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_ || (queue_.empty() && caller_waiting_); });
      if (stop_) throw Stopped{};
      // The caller is idle: what the reader reported so far goes out now,
      // before the bytes, as it would without a second thread.
      for (const Diagnostic& d : recorder_.pending) reporter_->Report(d);
      recorder_.pending.clear();
    }
    sink(bytes);
  };
}

std::unique_ptr<ReadAhead::Batch> ReadAhead::TakeFree() {
  std::unique_ptr<Batch> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      batch = std::move(free_.back());
      free_.pop_back();
    }
  }
  if (!batch) batch = std::make_unique<Batch>();
  batch->count = 0;
  batch->next = 0;
  batch->bytes = 0;
  batch->end = false;
  batch->error = nullptr;
  return batch;
}

void ReadAhead::Push(bool force) {
  std::unique_ptr<Batch> batch = std::move(filling_);
  size_t bytes = batch->bytes;
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] {
      return stop_ || force || queue_.empty() ||
             (bytes_ahead_ + bytes <= kMaxBytesAhead && queue_.size() < max_batches_);
    });
    if (stop_) throw Stopped{};
    bytes_ahead_ += bytes;
    queue_.push_back(std::move(batch));
  }
  cv_.notify_all();
  filling_ = TakeFree();
}

void ReadAhead::Run() {
  sigset_t unblock = InterruptSignals();
  pthread_sigmask(SIG_UNBLOCK, &unblock, nullptr);
  try {
    filling_ = TakeFree();
    for (;;) {
      bool more = reader_->Next(&current_);
      Batch& b = *filling_;
      if (!more) {
        b.end = true;
        Push(true);
        return;
      }
      if (b.chunks.size() <= b.count) {
        b.chunks.resize(b.count + 1);
        b.diagnostics.resize(b.count + 1);
        b.offsets.resize(b.count + 1);
      }
      std::swap(b.chunks[b.count], current_);
      b.diagnostics[b.count].clear();
      b.diagnostics[b.count].swap(recorder_.pending);
      b.offsets[b.count] = source_->offset();
      b.bytes += b.chunks[b.count].raw.size();
      ++b.count;
      if (b.count >= kBatchChunks || b.bytes >= kBatchBytes) Push(false);
    }
  } catch (const Stopped&) {
    return;
  } catch (...) {
    try {
      if (!filling_) filling_ = TakeFree();
      // Diagnostics of the failed read come out just before its error.
      Batch& b = *filling_;
      if (b.diagnostics.size() <= b.count) b.diagnostics.resize(b.count + 1);
      b.diagnostics[b.count].clear();
      b.diagnostics[b.count].swap(recorder_.pending);
      b.error = std::current_exception();
      b.end = true;
      Push(true);
    } catch (const Stopped&) {
    }
  }
}

// Makes draining_ a batch with a chunk, an error or the end to hand out.
bool ReadAhead::NextBatch() {
  if (draining_ && (draining_->next < draining_->count || draining_->end)) return true;
  std::unique_ptr<Batch> done = std::move(draining_);
  if (done) {
    // Recycled chunks would otherwise keep the largest card they ever held.
    for (Chunk& c : done->chunks) {
      if (c.raw.capacity() > kKeepCapacity || c.people.capacity() > kBatchChunks) {
        Chunk fresh;  // swapped, not assigned: a string's move assignment may keep its buffer
        std::swap(c, fresh);
      }
    }
  }
  std::unique_lock<std::mutex> lock(mu_);
  if (done) free_.push_back(std::move(done));
  caller_waiting_ = true;
  cv_.notify_all();
  cv_.wait(lock, [this] { return !queue_.empty(); });
  caller_waiting_ = false;
  draining_ = std::move(queue_.front());
  queue_.pop_front();
  bytes_ahead_ -= draining_->bytes;
  lock.unlock();
  cv_.notify_all();
  return true;
}

bool ReadAhead::Next(Chunk* chunk) {
  if (!threaded_) {
    bool more = reader_->Next(chunk);
    offset_ = source_->offset();
    return more;
  }
  NextBatch();
  Batch& b = *draining_;
  if (b.next < b.count) {
    size_t i = b.next++;
    for (const Diagnostic& d : b.diagnostics[i]) reporter_->Report(d);
    b.diagnostics[i].clear();
    offset_ = b.offsets[i];
    std::swap(*chunk, b.chunks[i]);
    return true;
  }
  // The end of the input, or the reader's error: every later call ends too.
  if (b.diagnostics.size() > b.count) {
    for (const Diagnostic& d : b.diagnostics[b.count]) reporter_->Report(d);
    b.diagnostics[b.count].clear();
  }
  if (b.error) {
    std::exception_ptr error = b.error;
    b.error = nullptr;
    std::rethrow_exception(error);
  }
  chunk->Clear();
  return false;
}

}  // namespace vcsplit
