// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "dav/http.h"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "io/source.h"
#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"

namespace vcsplit {

namespace {

constexpr int kMaxRedirects = 5;
constexpr double kMaxRetryAfterSeconds = 300;
constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The parts of a URL that make its origin, from libcurl's URL parser.
struct Origin {
  std::string scheme, host, port, path;
  bool ok = false;
};

Origin ParseUrl(const std::string& url) {
  Origin o;
  CURLU* u = curl_url();
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    auto get = [&](CURLUPart part, unsigned flags, std::string* out) {
      char* v = nullptr;
      if (curl_url_get(u, part, &v, flags) != CURLUE_OK) return false;
      *out = v;
      curl_free(v);
      return true;
    };
    o.ok = get(CURLUPART_SCHEME, 0, &o.scheme) && get(CURLUPART_HOST, 0, &o.host) &&
           get(CURLUPART_PORT, CURLU_DEFAULT_PORT, &o.port) && get(CURLUPART_PATH, 0, &o.path);
    o.scheme = Lower(o.scheme);
    o.host = Lower(o.host);
  }
  curl_url_cleanup(u);
  return o;
}

}  // namespace

std::string CollectionIdentity(const std::string& url) {
  Origin o = ParseUrl(url);  // dot segments are resolved by the parser
  if (!o.ok) return url;
  int length = 0;
  char* decoded =
      curl_easy_unescape(nullptr, o.path.c_str(), static_cast<int>(o.path.size()), &length);
  std::string path = decoded ? std::string(decoded, static_cast<size_t>(length)) : o.path;
  curl_free(decoded);
  std::string collapsed;
  for (char c : path) {
    if (c == '/' && !collapsed.empty() && collapsed.back() == '/') continue;
    collapsed += c;
  }
  if (collapsed.empty() || collapsed.back() != '/') collapsed += '/';
  return o.scheme + "://" + o.host + ":" + o.port + collapsed;
}

namespace {

bool SameOrigin(const Origin& a, const Origin& b) {
  return a.scheme == b.scheme && a.host == b.host && a.port == b.port;
}

int OnProgress(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return Interrupted() ? 1 : 0;  // SIGINT/SIGTERM end a transfer at once
}

// Sleeps up to `seconds`, in steps, ending early on SIGINT/SIGTERM.
void SleepInterruptibly(double seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    ThrowIfInterrupted();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ThrowIfInterrupted();
}

bool IsTlsError(CURLcode c) {
  return c == CURLE_PEER_FAILED_VERIFICATION || c == CURLE_SSL_CONNECT_ERROR ||
         c == CURLE_SSL_CERTPROBLEM || c == CURLE_SSL_CACERT_BADFILE ||
         c == CURLE_SSL_ISSUER_ERROR || c == CURLE_SSL_PINNEDPUBKEYNOTMATCH;
}

bool IsConnectionError(CURLcode c) {
  return c == CURLE_COULDNT_CONNECT || c == CURLE_RECV_ERROR || c == CURLE_SEND_ERROR ||
         c == CURLE_GOT_NOTHING || c == CURLE_OPERATION_TIMEDOUT || c == CURLE_PARTIAL_FILE ||
         c == CURLE_COULDNT_RESOLVE_HOST;
}

bool IsRetriedStatus(long s) { return s == 429 || s == 502 || s == 503 || s == 504; }

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  std::string h = Lower(host);
  if (h == "localhost" || h == "::1" || h == "[::1]") return true;
  // 127.0.0.0/8, written as four decimal numbers.
  in_addr addr{};
  if (inet_pton(AF_INET, h.c_str(), &addr) != 1) return false;
  return (ntohl(addr.s_addr) >> 24) == 127;
}

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Impl {
  CURL* curl = nullptr;
  HttpOptions options;
  Origin origin;
  std::string base_url;
  std::string ca_blob;
  char error[CURL_ERROR_SIZE] = {};
  // The response being received.
  HttpResponse* response = nullptr;
  bool too_large = false;
  std::mt19937 jitter{std::random_device{}()};

  ~Impl() {
    if (curl) curl_easy_cleanup(curl);
  }

  CURLcode Perform(const HttpRequest& request, const std::string& url, HttpResponse* out);
  static size_t OnBody(char* data, size_t size, size_t count, void* user);
  static size_t OnHeader(char* data, size_t size, size_t count, void* user);
  double Backoff(int attempt) {
    double base = options.retry_base_seconds * static_cast<double>(1 << attempt);
    std::uniform_real_distribution<double> spread(0.0, base / 2);
    return base + spread(jitter);
  }
};

size_t HttpClient::Impl::OnBody(char* data, size_t size, size_t count, void* user) {
  auto* impl = static_cast<Impl*>(user);
  size_t n = size * count;
  if (impl->response->body.size() + n > HttpClient::kMaxResponseBytes) {
    impl->too_large = true;
    return 0;  // aborts the transfer
  }
  impl->response->body.append(data, n);
  return n;
}

size_t HttpClient::Impl::OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* impl = static_cast<Impl*>(user);
  size_t n = size * count;
  std::string line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    impl->response->headers.clear();  // a new response (after a 401 or 100)
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return n;
  std::string value = line.substr(colon + 1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
    value.erase(0, 1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
    value.pop_back();
  }
  impl->response->headers[Lower(line.substr(0, colon))] = value;
  return n;
}

CURLcode HttpClient::Impl::Perform(const HttpRequest& request, const std::string& url,
                                   HttpResponse* out) {
  *out = HttpResponse();
  response = out;
  too_large = false;
  error[0] = '\0';
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);  // clears a previous body
  if (!request.body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST,
                   request.method == "GET" ? nullptr : request.method.c_str());
  struct curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  for (const std::string& h : request.headers) headers = curl_slist_append(headers, h.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  if (code == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
  response = nullptr;  // the callbacks only run inside curl_easy_perform
  return code;
}

HttpClient::HttpClient(const std::string& base_url, HttpOptions options)
    : impl_(std::make_unique<Impl>()) {
  GlobalInit();
  impl_->options = std::move(options);
  impl_->base_url = base_url;
  impl_->origin = ParseUrl(base_url);
  const Origin& o = impl_->origin;
  if (!o.ok || (o.scheme != "http" && o.scheme != "https")) {
    ThrowUsage(fmt::format("{}: not an http or https URL", base_url));
  }
  if (o.scheme == "http" && !IsLoopbackHost(o.host)) {
    ThrowUsage(fmt::format(
        "{}: plain http only to this machine (127.0.0.1, ::1, localhost); use https://", base_url));
  }
  if (impl_->options.ca_file) {
    // Trusted in addition to the system's CAs, never instead of them.
    std::string system;
    try {
      system = ReadWholeFile(kSystemCaBundle, kSystemCaBundle);
    } catch (const FatalError&) {
      // No system bundle: the company CA alone.
    }
    impl_->ca_blob =
        system + "\n" + ReadWholeFile(*impl_->options.ca_file, *impl_->options.ca_file);
  }
  CURL* c = curl_easy_init();
  if (!c) throw FatalError(kExitOutput, "cannot start libcurl");
  impl_->curl = c;
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // redirects are checked by hand
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!impl_->ca_blob.empty()) {
    struct curl_blob blob;
    blob.data = impl_->ca_blob.data();
    blob.len = impl_->ca_blob.size();
    blob.flags = CURL_BLOB_COPY;
    curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &blob);
  }
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, impl_->error);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(impl_->options.connect_timeout_seconds * 1000));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(impl_->options.timeout_seconds * 1000));
  curl_easy_setopt(c, CURLOPT_USERAGENT, "vcsplit/" VCSPLIT_VERSION);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Impl::OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, impl_.get());
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, impl_.get());
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
  const HttpOptions& opt = impl_->options;
  if (!opt.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, opt.user.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC | CURLAUTH_DIGEST);
    if (opt.password) {
      curl_easy_setopt(c, CURLOPT_PASSWORD, opt.password->c_str());
    } else if (opt.netrc_file) {
      curl_easy_setopt(c, CURLOPT_NETRC_FILE, opt.netrc_file->c_str());
      curl_easy_setopt(c, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_REQUIRED));
    }
  } else if (opt.netrc_file) {
    curl_easy_setopt(c, CURLOPT_NETRC_FILE, opt.netrc_file->c_str());
    curl_easy_setopt(c, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_REQUIRED));
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC | CURLAUTH_DIGEST);
  }
}

HttpClient::~HttpClient() = default;

std::string HttpClient::Resolve(const std::string& href) const {
  CURLU* u = curl_url();
  curl_url_set(u, CURLUPART_URL, impl_->base_url.c_str(), 0);
  CURLUcode rc = curl_url_set(u, CURLUPART_URL, href.c_str(), 0);
  char* out = nullptr;
  if (rc == CURLUE_OK) curl_url_get(u, CURLUPART_URL, &out, 0);
  std::string url = out ? out : "";
  curl_free(out);
  curl_url_cleanup(u);
  if (url.empty() || !SameOrigin(ParseUrl(url), impl_->origin)) {
    throw FatalError(kExitOutput,
                     fmt::format("{}: the server named a resource on another server: {}",
                                 impl_->base_url, href));
  }
  return url;
}

std::string HttpClient::PathOf(const std::string& url) { return ParseUrl(url).path; }

HttpResponse HttpClient::Send(const HttpRequest& request) {
  std::string url = request.url;
  int redirects = 0;
  HttpResponse response;
  for (int attempt = 0;;) {
    ThrowIfInterrupted();
    CURLcode code = impl_->Perform(request, url, &response);
    ++stats_.requests;
    if (code != CURLE_OK) {
      if (Interrupted() || code == CURLE_ABORTED_BY_CALLBACK) ThrowIfInterrupted();
      std::string what = impl_->error[0] ? impl_->error : curl_easy_strerror(code);
      if (impl_->too_large) {
        throw FatalError(kExitOutput,
                         fmt::format("{}: response larger than 64 MiB; refused", impl_->base_url));
      }
      if (IsTlsError(code)) {
        ThrowUsage(
            fmt::format("{}: TLS: {}; if the server's certificate comes from a company "
                        "CA, trust it with --ca-file FILE; nothing was written",
                        impl_->base_url, what));
      }
      if (IsConnectionError(code) && attempt < impl_->options.max_retries) {
        ++stats_.retries;
        SleepInterruptibly(impl_->Backoff(attempt++));
        continue;
      }
      throw FatalError(kExitOutput, fmt::format("{}: {}; the server failed or cannot be reached: "
                                                "run again when it is back",
                                                impl_->base_url, what));
    }
    long status = response.status;
    if ((status == 301 || status == 302 || status == 307 || status == 308) &&
        redirects < kMaxRedirects) {
      std::string location = response.Header("location");
      if (!location.empty()) {
        url = Resolve(location);  // same scheme, host and port, or an error
        ++redirects;
        continue;
      }
    }
    if (IsRetriedStatus(status) && attempt < impl_->options.max_retries) {
      double wait = impl_->Backoff(attempt++);
      std::string after = response.Header("retry-after");
      if (!after.empty()) {
        char* end = nullptr;
        double seconds = std::strtod(after.c_str(), &end);
        if (end == after.c_str()) {
          time_t when = curl_getdate(after.c_str(), nullptr);
          seconds = when > 0 ? static_cast<double>(when - std::time(nullptr)) : wait;
        }
        wait = std::clamp(seconds, 0.0, kMaxRetryAfterSeconds);
      }
      ++stats_.retries;
      SleepInterruptibly(wait);
      continue;
    }
    ++stats_.statuses[status];
    return response;
  }
}

}  // namespace vcsplit
