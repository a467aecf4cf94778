// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit fetch URL`: a collection as one vCard file, deterministic (sorted
// by href), so that two fetches of an unchanged collection are identical.

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "dav/carddav.h"
#include "dav/dav.h"
#include "io/output.h"
#include "vcsplit/error.h"

namespace vcsplit {

namespace {

// `card` ending in exactly one line break after its END:VCARD, in the
// card's own style.
std::string WithOneLineBreak(const std::string& card) {
  size_t end = card.find_last_not_of("\r\n \t");
  std::string out = card.substr(0, end == std::string::npos ? 0 : end + 1);
  out += card.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  return out;
}

}  // namespace

std::string RunFetch(const FetchOptions& options, Reporter* reporter, size_t* cards) {
  HttpClient http(options.url, ResolveAccess(options.access));
  // Made before the server is asked anything: a device or FIFO that may not
  // be written fails now.
  std::unique_ptr<AtomicOutput> out;
  if (options.output != "-") out = std::make_unique<AtomicOutput>(options.output, false);
  CardDavCollection collection(&http, options.url);
  if (!collection.Exists()) {
    ThrowUsage(
        fmt::format("{}: no such address book; check the URL; nothing was written", options.url));
  }
  std::vector<DavCard> members = collection.List();
  std::sort(members.begin(), members.end(),
            [](const DavCard& a, const DavCard& b) { return a.path < b.path; });
  std::vector<std::string> hrefs;
  for (const DavCard& m : members) hrefs.push_back(m.href);
  std::map<std::string, std::string> data = collection.Fetch(hrefs);
  std::string text;
  *cards = 0;
  for (const DavCard& m : members) {
    auto it = data.find(m.path);
    if (it == data.end()) {
      reporter->Warn(options.url, 0, "a card disappeared while it was being read; left out");
      continue;
    }
    text += WithOneLineBreak(it->second);
    ++*cards;
  }
  if (*cards == 0 && !options.allow_empty) {
    ThrowUsage(fmt::format("{}: no cards found; nothing was written", options.url));
  }
  if (!out) return text;
  out->Write(text);
  out->Finish();
  out->Commit();
  return "";
}

}  // namespace vcsplit
