// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/card_spool.h"

#include <unistd.h>

#include <cerrno>

#include "io/source.h"
#include "vcsplit/error.h"

namespace vcsplit {

namespace {

// A record: input index (4 bytes), line (8), output (1), reason (1), name
// length (4), name bytes; integers in host order (the file never leaves the
// run).
struct RecordHead {
  uint32_t input;
  uint64_t line;
  uint8_t output;
  uint8_t reason;
  uint32_t name_size;
};

[[noreturn]] void SpoolError(int errno_value) {
  throw FatalError(kExitOutput, SystemMessage("temporary file of the card list", errno_value));
}

std::FILE* OpenSpoolFile() {
  int fd = CreatePrivateTemporary("cards");
  if (fd < 0) SpoolError(errno);
  std::FILE* file = ::fdopen(fd, "w+b");
  if (!file) {
    int e = errno;
    ::close(fd);
    SpoolError(e);
  }
  return file;
}

void WriteName(std::FILE* file, std::string_view name) {
  auto size = static_cast<uint32_t>(name.size());
  if (std::fwrite(&size, sizeof size, 1, file) != 1 ||
      (size > 0 && std::fwrite(name.data(), size, 1, file) != 1)) {
    SpoolError(errno);
  }
}

void ReadName(std::FILE* file, uint32_t size, std::string* name) {
  name->resize(size);
  if (size > 0 && std::fread(name->data(), size, 1, file) != 1) {
    SpoolError(std::ferror(file) ? errno : EIO);
  }
}

void Rewind(std::FILE* file) {
  if (std::fflush(file) != 0 || std::fseek(file, 0, SEEK_SET) != 0) SpoolError(errno);
}

}  // namespace

CardSpool::CardSpool(bool names) : file_(OpenSpoolFile()), names_(names) {}

CardSpool::~CardSpool() {
  static_cast<void>(std::fclose(file_));
  if (names_file_) static_cast<void>(std::fclose(names_file_));
}

void CardSpool::AddName(std::string_view name) {
  if (!names_file_) names_file_ = OpenSpoolFile();
  WriteName(names_file_, names_ ? name : std::string_view());
}

void CardSpool::Add(const CardInfo& card) {
  uint32_t input = 0;
  while (input < inputs_.size() && inputs_[input] != card.input) ++input;
  if (input == inputs_.size()) inputs_.push_back(card.input);
  RecordHead head{input, card.line, static_cast<uint8_t>(card.output),
                  static_cast<uint8_t>(card.reason),
                  names_ && !names_file_ ? static_cast<uint32_t>(card.name.size()) : 0};
  if (std::fwrite(&head, sizeof head, 1, file_) != 1 ||
      (head.name_size > 0 && std::fwrite(card.name.data(), head.name_size, 1, file_) != 1)) {
    SpoolError(errno);
  }
  ++size_;
}

void CardSpool::ForEach(const std::function<void(const CardInfo&)>& f) {
  Rewind(file_);
  if (names_file_) Rewind(names_file_);
  CardInfo card;
  for (uint64_t i = 0; i < size_; ++i) {
    RecordHead head{};
    if (std::fread(&head, sizeof head, 1, file_) != 1 || head.input >= inputs_.size()) {
      SpoolError(std::ferror(file_) ? errno : EIO);
    }
    card.input = inputs_[head.input];
    card.line = head.line;
    card.output = static_cast<Output>(head.output);
    card.reason = static_cast<Reason>(head.reason);
    ReadName(file_, head.name_size, &card.name);
    if (names_file_) {
      uint32_t size = 0;
      if (std::fread(&size, sizeof size, 1, names_file_) != 1) {
        SpoolError(std::ferror(names_file_) ? errno : EIO);
      }
      ReadName(names_file_, size, &card.name);
    }
    f(card);
  }
  if (std::fseek(file_, 0, SEEK_END) != 0) SpoolError(errno);
  if (names_file_ && std::fseek(names_file_, 0, SEEK_END) != 0) SpoolError(errno);
}

}  // namespace vcsplit
