// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The one HTTP client of vcsplit, for CardDAV (SPEC §2.6 "Network"), on
// libcurl: one connection, reused; TLS with certificate and host name
// verification always on (a company CA may be added, never verification
// turned off); plain http only to loopback addresses; Basic and Digest
// authentication; redirects followed only to the same scheme, host and
// port; connection errors, 429, 502, 503 and 504 retried up to 5 times with
// exponential backoff and jitter, honouring Retry-After; responses larger
// than 64 MiB refused. Talks only to the server of the URL it was made for.
//
// Not thread-safe; one client per run.

#ifndef VCSPLIT_DAV_HTTP_H_
#define VCSPLIT_DAV_HTTP_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vcsplit {

struct HttpOptions {
  std::string user;                     // empty: no authentication
  std::optional<std::string> password;  // with `user`
  std::optional<std::string> netrc_file;
  std::optional<std::string> ca_file;  // trusted in addition to the system's CAs
  double timeout_seconds = 120;        // per request
  double connect_timeout_seconds = 10;
  int max_retries = 5;
  double retry_base_seconds = 0.5;  // backoff: base, 2 base, 4 base, ... (+ jitter)
};

struct HttpRequest {
  std::string method;  // GET, PUT, DELETE, PROPFIND, REPORT, MKCOL
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased; the last of each
  std::string Header(const std::string& lower_name) const;
};

// What happened on the wire, for the publish report (no URLs, no bodies).
struct HttpStats {
  std::map<long, uint64_t> statuses;  // final status of each request
  uint64_t requests = 0;
  uint64_t retries = 0;
};

class HttpClient {
 public:
  static constexpr size_t kMaxResponseBytes = size_t{64} << 20;

  // Checks `base_url` (http(s), plain http only to a loopback host) and
  // reads the CA file. Throws FatalError(kExitUsage) with a message that says
  // what to do.
  HttpClient(const std::string& base_url, HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request`, retrying as described above and following a same-origin
  // redirect. Returns the final response, whatever its status. Throws
  // FatalError: kExitUsage for a TLS failure (certificate not trusted, name
  // mismatch), kExitOutput when the server cannot be reached or the
  // connection fails after the retries, or the response is too large;
  // kExitInterrupted on SIGINT/SIGTERM.
  HttpResponse Send(const HttpRequest& request);

  // `href` (a path like "/a/b.vcf", or a whole URL of the same server) as a
  // URL of this client's server. Throws FatalError(kExitOutput) for a URL
  // of another server.
  std::string Resolve(const std::string& href) const;

  // The path of `url` (for comparing hrefs).
  static std::string PathOf(const std::string& url);

  const HttpStats& stats() const { return stats_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  HttpStats stats_;
};

// `url` as one text per collection: scheme, host and port in lower case
// (the port always given), the path percent-decoded, with its dot segments
// resolved, runs of '/' as one and a final '/'. Two URLs of one collection
// give the same text; a collection inside another starts with its text.
std::string CollectionIdentity(const std::string& url);

// True when `host` is a loopback address: 127.0.0.0/8, ::1 or localhost.
bool IsLoopbackHost(const std::string& host);

}  // namespace vcsplit

#endif  // VCSPLIT_DAV_HTTP_H_
