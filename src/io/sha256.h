// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Incremental SHA-256 (OpenSSL's libcrypto) with a lower-case hex result.

#ifndef VCSPLIT_SHA256_H_
#define VCSPLIT_SHA256_H_

#include <memory>
#include <string>
#include <string_view>

namespace vcsplit {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // The hex digest of everything passed so far. The object may not be
  // updated afterwards.
  std::string HexDigest();

  static std::string Of(std::string_view bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vcsplit

#endif  // VCSPLIT_SHA256_H_
