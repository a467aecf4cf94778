// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// WebDAV multistatus answers (RFC 4918 §13, RFC 6352), read with libxml2:
// namespace-aware (servers write `D:`, `d:`, `ns0:` or a default namespace),
// without network access and without a document type: an answer that
// declares one is refused where it starts, so that no entity can be declared
// (an 80 KB answer that references one entity 10,000 times would otherwise
// be 500 MB of text). Request bodies are small fixed documents; XmlEscape
// (util/text.h) makes a value safe in one.

#ifndef VCSPLIT_DAV_XML_H_
#define VCSPLIT_DAV_XML_H_

#include <string>
#include <string_view>
#include <vector>

namespace vcsplit {

// One <response> of a multistatus.
struct DavResource {
  std::string href;  // as the server wrote it
  long status = 0;   // of the response, or of its properties: 200 when they were found
  std::string etag;
  bool collection = false;
  bool addressbook = false;
  bool has_data = false;
  std::string address_data;  // CARDDAV:address-data, when asked for
};

// Parses a multistatus document. Returns false, with `*error`, when `body`
// is not one, or when it has a document type declaration.
bool ParseMultistatus(const std::string& body, std::vector<DavResource>* out, std::string* error);

}  // namespace vcsplit

#endif  // VCSPLIT_DAV_XML_H_
