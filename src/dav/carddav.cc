// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "dav/carddav.h"

#include <fmt/format.h>

#include "dav/xml.h"
#include "util/text.h"
#include "vcsplit/error.h"

namespace vcsplit {

namespace {

constexpr size_t kMultigetBatch = 100;
const char kXml[] = "Content-Type: application/xml; charset=utf-8";

std::string MultistatusError(const std::string& url, const std::string& what) {
  return fmt::format("{}: {}", url, what);
}

std::vector<DavResource> Multistatus(const std::string& url, const HttpResponse& r) {
  std::vector<DavResource> out;
  std::string error;
  if (r.status != 207 || !ParseMultistatus(r.body, &out, &error)) {
    throw FatalError(
        kExitOutput,
        MultistatusError(
            url, r.status != 207 ? fmt::format("the server answered {}", r.status) : error));
  }
  return out;
}

}  // namespace

CardDavCollection::CardDavCollection(HttpClient* http, std::string url)
    : http_(http), url_(std::move(url)) {
  if (url_.empty() || url_.back() != '/') url_ += '/';
}

std::string CardDavCollection::PathOfMember(const std::string& name) const {
  return HttpClient::PathOf(url_) + name;
}

void CardDavCollection::CheckAccess(const HttpResponse& r, const char* doing) const {
  if (r.status == 401) {
    ThrowUsage(fmt::format(
        "{}: 401 Unauthorized while {}: check --user and the password (--password-file, "
        "--netrc-file or VCSPLIT_DAV_PASSWORD); nothing was written",
        url_, doing));
  }
  if (r.status == 403) {
    ThrowUsage(
        fmt::format("{}: 403 Forbidden while {}: the account may not do that here; "
                    "nothing was written",
                    url_, doing));
  }
}

HttpResponse CardDavCollection::Propfind(const std::string& url, int depth,
                                         const std::string& props) {
  HttpRequest req;
  req.method = "PROPFIND";
  req.url = url;
  req.headers = {fmt::format("Depth: {}", depth), kXml};
  req.body =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\">"
      "<D:prop>" +
      props + "</D:prop></D:propfind>";
  return http_->Send(req);
}

bool CardDavCollection::Exists() {
  HttpResponse r = Propfind(url_, 0, "<D:resourcetype/>");
  CheckAccess(r, "looking at the collection");
  if (r.status == 404) return false;
  std::vector<DavResource> found = Multistatus(url_, r);
  bool missing = true;  // some servers say 404 inside a 207
  for (const DavResource& d : found) {
    if (d.addressbook) return true;
    missing = missing && d.status == 404;
  }
  if (missing) return false;
  ThrowUsage(
      fmt::format("{}: not an address book (no CARDDAV:addressbook resource type); check "
                  "the URL; nothing was written",
                  url_));
}

void CardDavCollection::Create(const std::string& display_name, const std::string& description) {
  HttpRequest req;
  req.method = "MKCOL";
  req.url = url_;
  req.headers = {kXml};
  req.body =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<D:mkcol xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\"><D:set><D:prop>"
      "<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>"
      "<D:displayname>" +
      XmlEscape(display_name) +
      "</D:displayname>"
      "<C:addressbook-description>" +
      XmlEscape(description) + "</C:addressbook-description></D:prop></D:set></D:mkcol>";
  HttpResponse r = http_->Send(req);
  CheckAccess(r, "creating the collection");
  if (r.status != 201 && r.status != 200) {
    ThrowUsage(
        fmt::format("{}: the server refused to create the address book ({}); create it "
                    "on the server; nothing was written",
                    url_, r.status));
  }
}

std::vector<DavCard> CardDavCollection::List() {
  HttpResponse r = Propfind(url_, 1, "<D:getetag/><D:resourcetype/>");
  CheckAccess(r, "listing the collection");
  std::string self = HttpClient::PathOf(url_);
  std::vector<DavCard> cards;
  for (const DavResource& d : Multistatus(url_, r)) {
    if (d.status != 200 || d.collection) continue;
    std::string path = HttpClient::PathOf(http_->Resolve(d.href));
    if (path == self) continue;
    cards.push_back({d.href, path, d.etag});
  }
  return cards;
}

std::map<std::string, std::string> CardDavCollection::Fetch(const std::vector<std::string>& hrefs) {
  std::map<std::string, std::string> cards;
  for (size_t from = 0; from < hrefs.size(); from += kMultigetBatch) {
    HttpRequest req;
    req.method = "REPORT";
    req.url = url_;
    req.headers = {"Depth: 1", kXml};
    req.body =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<C:addressbook-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\">"
        "<D:prop><D:getetag/><C:address-data/></D:prop>";
    size_t to = std::min(hrefs.size(), from + kMultigetBatch);
    for (size_t i = from; i < to; ++i) req.body += "<D:href>" + XmlEscape(hrefs[i]) + "</D:href>";
    req.body += "</C:addressbook-multiget>";
    HttpResponse r = http_->Send(req);
    CheckAccess(r, "reading cards");
    if (r.status == 207) {
      for (const DavResource& d : Multistatus(url_, r)) {
        if (d.status == 200 && d.has_data) {
          cards[HttpClient::PathOf(http_->Resolve(d.href))] = d.address_data;
        }
      }
      continue;
    }
    // A server without addressbook-multiget: one GET per card.
    for (size_t i = from; i < to; ++i) {
      HttpRequest get;
      get.method = "GET";
      get.url = http_->Resolve(hrefs[i]);
      HttpResponse g = http_->Send(get);
      CheckAccess(g, "reading a card");
      if (g.status == 200) cards[HttpClient::PathOf(get.url)] = g.body;
    }
  }
  return cards;
}

long CardDavCollection::Put(const std::string& name, const std::string& body,
                            const std::string& etag) {
  HttpRequest req;
  req.method = "PUT";
  req.url = http_->Resolve(url_ + name);
  req.headers = {"Content-Type: text/vcard; charset=utf-8",
                 etag.empty() ? std::string("If-None-Match: *") : "If-Match: " + etag};
  req.body = body;
  HttpResponse r = http_->Send(req);
  CheckAccess(r, "uploading a card");
  return r.status;
}

long CardDavCollection::Delete(const std::string& href, const std::string& etag) {
  HttpRequest req;
  req.method = "DELETE";
  req.url = http_->Resolve(href);
  if (!etag.empty()) req.headers = {"If-Match: " + etag};
  HttpResponse r = http_->Send(req);
  CheckAccess(r, "deleting a card");
  return r.status;
}

std::string CardDavCollection::EtagOf(const std::string& href) {
  std::string url = http_->Resolve(href);
  HttpResponse r = Propfind(url, 0, "<D:getetag/>");
  CheckAccess(r, "reading a card's ETag");
  if (r.status == 404) return "";
  for (const DavResource& d : Multistatus(url, r)) {
    if (d.status == 200) return d.etag;
  }
  return "";
}

}  // namespace vcsplit
