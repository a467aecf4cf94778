// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "dav_test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <stdexcept>

namespace vcsplit::test {

namespace {

SpawnOptions Program(const std::string& program) {
  SpawnOptions o;
  o.program = program;
  return o;
}

bool Accepts(int port) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(s);
  return ok;
}

// The port in a "Listening on …:PORT" line of `text`, 0 when none yet.
int ListeningPort(const std::string& text) {
  std::smatch m;
  static const std::regex line(R"(Listening on '?\[?127\.0\.0\.1\]?:(\d+))");
  if (std::regex_search(text, m, line)) return std::stoi(m[1]);
  static const std::regex proxy(R"(Listening on (\d+))");
  if (std::regex_search(text, m, proxy)) return std::stoi(m[1]);
  return 0;
}

}  // namespace

int FreePort() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(s);
  return ntohs(addr.sin_port);
}

DavServer::DavServer(Kind kind, const std::string& dir, DavServerOptions options)
    : kind_(kind), dir_(dir), options_(options) {
  if (options_.tls) {
    cert_ = dir_ + "/server.pem";
    key_ = dir_ + "/server.key";
    std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
        "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
        key_ + "' -out '" + cert_ + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl req failed");
  }
  if (kind_ == Kind::kXandikos) port_ = FreePort();
  Start();
}

DavServer::~DavServer() { Stop(); }

void DavServer::WriteConfig() {
  WriteFile(dir_ + "/users", std::string(kUser) + ":" + kPassword + "\nbob:builder\n");
  std::string config = "[server]\nhosts = 127.0.0.1:" + std::to_string(port_) + "\n";
  if (options_.max_content_length > 0) {
    config += "max_content_length = " + std::to_string(options_.max_content_length) + "\n";
  }
  if (options_.tls) config += "ssl = True\ncertificate = " + cert_ + "\nkey = " + key_ + "\n";
  config += "[auth]\ntype = htpasswd\nhtpasswd_filename = " + dir_ +
            "/users\nhtpasswd_encryption = plain\ndelay = 0\n"
            "[storage]\nfilesystem_folder = " +
            dir_ + "/collections\n[rights]\ntype = owner_only\n[web]\ntype = none\n" +
            "[logging]\nlevel = info\n";
  WriteFile(dir_ + "/config", config);
}

void DavServer::Start() {
  if (kind_ == Kind::kRadicale) {
    WriteConfig();
    // The module belongs to the system Python, whatever python3 is first in PATH.
    process_ = std::make_unique<Process>(
        std::vector<std::string>{"-m", "radicale", "--config", dir_ + "/config"}, dir_,
        Program("/usr/bin/python3"));
    if (!WaitFor([&] { return ListeningPort(process_->ErrSoFar()) != 0; }, 30)) {
      throw std::runtime_error("radicale did not start: " + process_->ErrSoFar());
    }
    port_ = ListeningPort(process_->ErrSoFar());
  } else {
    process_ = std::make_unique<Process>(
        std::vector<std::string>{"--defaults", "-d", dir_ + "/storage", "-l", "127.0.0.1", "-p",
                                 std::to_string(port_)},
        dir_, Program("/usr/bin/xandikos"));
  }
  if (!WaitFor([&] { return Accepts(port_); }, 30)) {
    throw std::runtime_error(std::string(name()) + " does not accept: " + process_->ErrSoFar());
  }
}

void DavServer::Stop() {
  if (!process_) return;
  process_->Signal(SIGTERM);
  if (!process_->EndsWithin(10)) process_->Signal(SIGKILL);
  process_->Wait();
  process_.reset();
}

void DavServer::Kill() {
  if (!process_) return;
  process_->Signal(SIGKILL);
  process_->Wait();
  process_.reset();
}

std::string DavServer::Collection(const std::string& name, int port) const {
  std::string base = std::string(options_.tls ? "https" : "http") +
                     "://127.0.0.1:" + std::to_string(port ? port : port_);
  return base + (kind_ == Kind::kRadicale ? "/alice/" : "/user/contacts/") + name + "/";
}

FaultProxy::FaultProxy(int upstream_port, const std::string& dir)
    : rules_(dir + "/proxy-rules"), log_(dir + "/proxy-log") {
  WriteFile(rules_, "");
  WriteFile(log_, "");
  process_ = std::make_unique<Process>(
      std::vector<std::string>{SourcePath("tests/dav/fault_proxy.py"),
                               std::to_string(upstream_port), rules_, log_},
      dir, Program("/usr/bin/python3"));
  if (!WaitFor([&] { return ListeningPort(process_->ErrSoFar()) != 0; }, 30)) {
    throw std::runtime_error("the fault proxy did not start: " + process_->ErrSoFar());
  }
  port_ = ListeningPort(process_->ErrSoFar());
}

FaultProxy::~FaultProxy() {
  process_->Signal(SIGKILL);
  process_->Wait();
}

void FaultProxy::SetRules(const std::string& rules) { WriteFile(rules_, rules); }

std::vector<std::string> FaultProxy::Log() const {
  std::vector<std::string> lines;
  std::string text = ReadFile(log_);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

void FaultProxy::ClearLog() { WriteFile(log_, ""); }

}  // namespace vcsplit::test
