// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// One CardDAV address-book collection (RFC 6352) and the requests vcsplit
// sends to it: PROPFIND (is it an address book; its members and ETags),
// addressbook-multiget (the cards), GET, conditional PUT and DELETE, and
// extended MKCOL (RFC 5689) to create it. Answers that end a run become
// FatalErrors with SPEC §2.6's exit codes: 401/403 and "not an address book"
// are exit 2 (nothing written yet), a server failure is exit 3.

#ifndef VCSPLIT_DAV_CARDDAV_H_
#define VCSPLIT_DAV_CARDDAV_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dav/http.h"

namespace vcsplit {

// A member of a collection.
struct DavCard {
  std::string href;  // as the server spells it (used in requests)
  std::string path;  // the href's path, for comparing
  std::string etag;
};

class CardDavCollection {
 public:
  // `url` names the collection; `http` must outlive this object.
  CardDavCollection(HttpClient* http, std::string url);

  // PROPFIND Depth 0. False when there is no such collection (404). Throws
  // FatalError(kExitUsage) when it is not an address book, and for 401/403.
  bool Exists();

  // Extended MKCOL: creates the collection as an address book named
  // `display_name`. Throws FatalError(kExitUsage) when refused.
  void Create(const std::string& display_name, const std::string& description);

  // PROPFIND Depth 1: the members (not the collection itself), by path.
  std::vector<DavCard> List();

  // The cards at `hrefs` (addressbook-multiget in batches; GET for a server
  // that does not answer it), by path. A card gone meanwhile is missing.
  std::map<std::string, std::string> Fetch(const std::vector<std::string>& hrefs);

  // PUT `body` (a vCard) at `name` in the collection: `etag` empty means
  // "only if there is none" (If-None-Match: *), else If-Match. Returns the
  // status (201/204 done, 412 condition failed, 413 too large, ...).
  long Put(const std::string& name, const std::string& body, const std::string& etag);

  // DELETE `href` if it still has `etag` (none: unconditional). Returns the
  // status (2xx done, 404 gone already, 412 changed meanwhile, ...).
  long Delete(const std::string& href, const std::string& etag);

  // The ETag of the member at `href` now (PROPFIND Depth 0), empty if gone.
  std::string EtagOf(const std::string& href);

  const std::string& url() const { return url_; }
  // The path a member called `name` has (for comparing with List()).
  std::string PathOfMember(const std::string& name) const;

 private:
  HttpResponse Propfind(const std::string& url, int depth, const std::string& props);
  void CheckAccess(const HttpResponse& r, const char* doing) const;

  HttpClient* http_;
  std::string url_;  // ends in '/'
};

}  // namespace vcsplit

#endif  // VCSPLIT_DAV_CARDDAV_H_
