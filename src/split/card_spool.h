// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The decided cards of a `check`, kept in a private temporary file instead
// of memory, so that a check's memory does not grow with the book (it lists
// every card: JUnit has a test case per card).

#ifndef VCSPLIT_SPLIT_CARD_SPOOL_H_
#define VCSPLIT_SPLIT_CARD_SPOOL_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "split/split.h"

namespace vcsplit {

class CardSpool {
 public:
  // `names`: keep each card's name (not needed with --redact). Throws
  // FatalError(kExitOutput) when no temporary file can be made.
  explicit CardSpool(bool names);
  ~CardSpool();
  CardSpool(const CardSpool&) = delete;
  CardSpool& operator=(const CardSpool&) = delete;

  // Appends the card's input, line, output, reason and (with names) name;
  // not its matched key. Throws FatalError(kExitOutput) on a write error.
  void Add(const CardInfo& card);
  // Adds the name of the next card (for cards whose names are known before
  // their decisions: pass 1). Once used, Add() keeps no names and ForEach()
  // gives the n-th card the n-th name.
  void AddName(std::string_view name);
  // Calls `f` for every card added, in order. Throws FatalError(kExitOutput)
  // when the file cannot be read back.
  void ForEach(const std::function<void(const CardInfo&)>& f);

  uint64_t size() const { return size_; }

 private:
  std::FILE* file_ = nullptr;
  std::FILE* names_file_ = nullptr;  // AddName()'s names, when used
  bool names_;
  uint64_t size_ = 0;
  std::vector<std::string> inputs_;  // the distinct input names, by index
};

}  // namespace vcsplit

#endif  // VCSPLIT_SPLIT_CARD_SPOOL_H_
