// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// CardDAV servers for the tests, started by the tests themselves on
// 127.0.0.1 with a port of their own, a fresh storage folder and (Radicale)
// a plain htpasswd file, and stopped by pid when the object goes: Radicale
// and Xandikos, two independent implementations, so that vcsplit follows
// the protocol and not one server's habits. A FaultProxy sits between
// vcsplit and a server to log every request and inject failures.

#ifndef VCSPLIT_TESTS_DAV_TEST_UTIL_H_
#define VCSPLIT_TESTS_DAV_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "test_util.h"

namespace vcsplit::test {

struct DavServerOptions {
  bool tls = false;             // Radicale: serve https with a self-signed certificate
  long max_content_length = 0;  // Radicale: refuse larger requests with 413 (0: default)
};

class DavServer {
 public:
  enum class Kind { kRadicale, kXandikos };
  static constexpr const char* kUser = "alice";
  static constexpr const char* kPassword = "wonderland";

  // Starts the server with its storage in `dir` (which must outlive it).
  DavServer(Kind kind, const std::string& dir, DavServerOptions options = {});
  ~DavServer();
  DavServer(const DavServer&) = delete;
  DavServer& operator=(const DavServer&) = delete;

  void Stop();
  // Starts it again on the same port, with the same storage.
  void Start();
  void Kill();  // SIGKILL, as a crash would

  Kind kind() const { return kind_; }
  const char* name() const { return kind_ == Kind::kRadicale ? "radicale" : "xandikos"; }
  int port() const { return port_; }
  bool needs_login() const { return kind_ == Kind::kRadicale; }
  // The URL of a collection of the test user called `name` (it need not
  // exist), on `port` (default: the server's own).
  std::string Collection(const std::string& name, int port = 0) const;
  // The certificate of a TLS server (its own CA).
  const std::string& certificate() const { return cert_; }

 private:
  void WriteConfig();

  Kind kind_;
  std::string dir_;
  DavServerOptions options_;
  int port_ = 0;
  std::string cert_, key_;
  std::unique_ptr<Process> process_;
};

// Forwards to a server and logs "METHOD PATH STATUS" per request; faults
// come from rule lines (see tests/dav/fault_proxy.py).
class FaultProxy {
 public:
  FaultProxy(int upstream_port, const std::string& dir);
  ~FaultProxy();
  int port() const { return port_; }
  // Replaces the rules (JSON objects, one a line).
  void SetRules(const std::string& rules);
  // The logged requests so far, one "METHOD PATH STATUS" a line.
  std::vector<std::string> Log() const;
  void ClearLog();

 private:
  std::string rules_, log_;
  int port_ = 0;
  std::unique_ptr<Process> process_;
};

// A free TCP port on 127.0.0.1 (bound and released: for servers that
// cannot report the port they chose).
int FreePort();

}  // namespace vcsplit::test

#endif  // VCSPLIT_TESTS_DAV_TEST_UTIL_H_
