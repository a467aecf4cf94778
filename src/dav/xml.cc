// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "dav/xml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <cstdlib>
#include <cstring>
#include <memory>

namespace vcsplit {

namespace {

constexpr const char* kDav = "DAV:";
constexpr const char* kCardDav = "urn:ietf:params:xml:ns:carddav";

bool Is(const xmlNode* node, const char* ns, const char* name) {
  return node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
         std::strcmp(reinterpret_cast<const char*>(node->ns->href), ns) == 0 &&
         std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

std::string Text(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string out = content ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  return out;
}

// "HTTP/1.1 404 Not Found" -> 404.
long StatusCode(const std::string& line) {
  size_t space = line.find(' ');
  return space == std::string::npos ? 0 : std::strtol(line.c_str() + space + 1, nullptr, 10);
}

void ReadProp(const xmlNode* prop, DavResource* r) {
  for (const xmlNode* p = prop->children; p; p = p->next) {
    if (Is(p, kDav, "getetag")) {
      r->etag = Text(p);
    } else if (Is(p, kDav, "resourcetype")) {
      for (const xmlNode* t = p->children; t; t = t->next) {
        if (Is(t, kDav, "collection")) r->collection = true;
        if (Is(t, kCardDav, "addressbook")) r->addressbook = true;
      }
    } else if (Is(p, kCardDav, "address-data")) {
      r->has_data = true;
      r->address_data = Text(p);
    }
  }
}

void ReadResponse(const xmlNode* response, DavResource* r) {
  for (const xmlNode* c = response->children; c; c = c->next) {
    if (Is(c, kDav, "href")) {
      r->href = Text(c);
    } else if (Is(c, kDav, "status")) {
      r->status = StatusCode(Text(c));
    } else if (Is(c, kDav, "propstat")) {
      long status = 0;
      const xmlNode* prop = nullptr;
      for (const xmlNode* p = c->children; p; p = p->next) {
        if (Is(p, kDav, "status")) status = StatusCode(Text(p));
        if (Is(p, kDav, "prop")) prop = p;
      }
      // Only found properties count; a 404 propstat lists what is missing.
      if (status >= 200 && status < 300 && prop) {
        ReadProp(prop, r);
        if (r->status == 0) r->status = status;
      }
    }
  }
  if (r->status == 0) r->status = 404;  // nothing found
}

void Quiet(void*, const xmlError*) {}

// The parser's internalSubset callback: marks the context and stops it.
void RefuseDocumentType(void* user, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* ctxt = static_cast<xmlParserCtxt*>(user);
  static char refused;
  ctxt->_private = &refused;
  xmlStopParser(ctxt);
}

}  // namespace

bool ParseMultistatus(const std::string& body, std::vector<DavResource>* out, std::string* error) {
  xmlSetStructuredErrorFunc(nullptr, reinterpret_cast<xmlStructuredErrorFunc>(Quiet));
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(),
                                                                    xmlFreeParserCtxt);
  if (!ctxt) {
    *error = "cannot start the XML parser";
    return false;
  }
  // A multistatus needs no document type, and only one can declare
  // entities: the parser stops at `<!DOCTYPE`, before its internal subset.
  ctxt->sax->internalSubset = &RefuseDocumentType;
  ctxt->_private = nullptr;
  // No network, no DTD loading, no entity substitution.
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlCtxtReadMemory(ctxt.get(), body.data(), static_cast<int>(body.size()), nullptr, nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      xmlFreeDoc);
  if (ctxt->_private != nullptr) {
    *error = "the answer declares a document type; refused";
    return false;
  }
  if (!doc || !ctxt->wellFormed) {
    *error = "the answer is not XML";
    return false;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root || !Is(root, kDav, "multistatus")) {
    *error = "the answer is not a WebDAV multistatus";
    return false;
  }
  for (const xmlNode* c = root->children; c; c = c->next) {
    if (!Is(c, kDav, "response")) continue;
    DavResource r;
    ReadResponse(c, &r);
    out->push_back(std::move(r));
  }
  return true;
}

}  // namespace vcsplit
