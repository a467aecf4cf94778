// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// From the split to the phones (SPEC §2.6): `vcsplit fetch` reads an
// address-book collection into one vCard file; `vcsplit publish` makes a
// native and a secondary collection hold exactly the cards of two books, in
// an order that never lets the native collection hold, even for a moment,
// a card the new native book does not hold (beyond what it held before).
// Every write is conditional and every href a function of the card's UID,
// so a run that failed half way is simply run again.

#ifndef VCSPLIT_DAV_DAV_H_
#define VCSPLIT_DAV_DAV_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "book/book.h"
#include "dav/http.h"
#include "split/split.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

// How to reach the server: the account and what to trust.
struct DavAccess {
  std::string user;
  std::optional<std::string> password_file;  // its first line is the password
  std::optional<std::string> netrc_file;
  std::optional<std::string> ca_file;
  double timeout_seconds = 120;
};

// The HTTP options for `access`: the password from --password-file, else
// --netrc-file, else VCSPLIT_DAV_PASSWORD (never from the command line).
// A password or netrc file must be a regular file of the user running
// vcsplit that group and others cannot read. Throws FatalError(kExitUsage).
HttpOptions ResolveAccess(const DavAccess& access);

struct FetchOptions {
  std::string url;
  std::string output = "-";  // "-": standard output
  bool allow_empty = false;
  DavAccess access;
};

// Fetches every card of the collection, sorted by href, each as the server
// sent it with one line break after its END:VCARD. Writes `output`
// atomically (mode 0600), or returns the text when it is "-". Throws
// FatalError: kExitUsage when the URL is not an address book, is empty
// (unless allow_empty), or for credentials and TLS; kExitOutput when the
// server fails.
std::string RunFetch(const FetchOptions& options, Reporter* reporter, size_t* cards);

struct PublishOptions {
  std::string native_url, secondary_url;
  std::string native_book, secondary_book;
  DavAccess access;
  BookOptions books;
  std::string region = "DE";
  bool create = false;
  // --ledger and split's ledger options: the native book is checked as
  // `check` does before anything is written.
  std::optional<DecideOptions> ledger_check;
  std::string foreign_dir = ".";
  double max_secondary_delete = 50;  // percent of the secondary collection
  bool dry_run = false;
  bool allow_empty = false;
};

// What a run did to one collection.
struct CollectionCounts {
  uint64_t listed = 0, created = 0, updated = 0, unchanged = 0, deleted = 0, foreign = 0,
           too_large = 0, refused = 0;
};

struct PublishResult {
  CollectionCounts native, secondary;
  std::vector<std::string> actions;  // --dry-run: "create native …", one a line
  std::string foreign_file;          // where foreign native cards were saved, if any
  bool ledger_refused = false;       // --ledger: a card may not be native; nothing written
  bool delete_guard = false;         // --max-secondary-delete held the deletions back
  HttpStats http;
  double seconds = 0;
  int exit_code = 0;  // 0, or 1 for findings (ledger, guard, refused cards)
};

// Runs the publish of SPEC §2.6. Problems with single cards go to
// `reporter`. Throws FatalError: kExitUsage before any write (bad options,
// books without cards, credentials, TLS, not an address book),
// kExitOutput when the server fails in the middle (run again),
// kExitInterrupted between requests.
PublishResult RunPublish(const PublishOptions& options, Reporter* reporter);

// The JSON report of a publish: counts per collection, HTTP statuses,
// retries and duration; no names, numbers, e-mails, UIDs, hrefs or cards.
std::string RenderPublishReport(const PublishResult& result);

// The name (href within its collection) of the card with UID `uid`.
std::string CardName(const std::string& uid);

}  // namespace vcsplit

#endif  // VCSPLIT_DAV_DAV_H_
