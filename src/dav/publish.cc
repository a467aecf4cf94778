// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `vcsplit publish` (SPEC §2.6). The order is the one property that matters:
//   1. read both collections; credentials, TLS, "not an address book": exit 2
//      before any write;
//   2. delete from native every card the new native book does not hold
//      (foreign ones saved first); any failure stops the run before uploads;
//   3. upload to secondary, then to native (unchanged cards are not sent);
//   4. delete from secondary behind --max-secondary-delete;
//   5. read native again: a card the book does not hold is exit 3.

#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dav/carddav.h"
#include "dav/dav.h"
#include "io/output.h"
#include "io/sha256.h"
#include "split/diff.h"
#include "util/text.h"
#include "vcard/convert.h"
#include "vcard/vcard_lines.h"
#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"

namespace vcsplit {

namespace {

// A card to publish.
struct Upload {
  std::string name;  // its href within the collection: CardName(uid)
  std::string body;  // vCard 3.0 (or 4.0), with UID and FN
  std::vector<std::string> canonical;
  std::string where;  // "book:line", for messages
};

// The value of the first `property` of a card's text; empty if none.
std::string FirstValue(const std::string& card, const char* property) {
  Property p;
  for (const std::string& line : VcardLogicalLines(card)) {
    if (ParseProperty(line, &p) && p.name == property) return std::string(Trim(p.value));
  }
  return "";
}

// `line` inserted before the card's last END:VCARD, in its line-break style.
std::string InsertBeforeEnd(const std::string& card, const std::string& line) {
  std::string upper = AsciiUpper(card);
  size_t at = upper.rfind("END:VCARD");
  if (at == std::string::npos) return card;
  std::string eol = card.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  return card.substr(0, at) + line + eol + card.substr(at);
}

// The cards of one book, as they will be uploaded.
std::vector<Upload> LoadBook(const std::string& path, const PublishOptions& options,
                             PhoneNormalizer* phones, Reporter* reporter) {
  Book book = OpenBook(path, options.books.format);
  std::unique_ptr<ChunkReader> reader = book.MakeReader(options.books, reporter);
  std::shared_ptr<const CsvColumnMap> columns = reader->description().columns;
  std::vector<Upload> cards;
  std::map<std::string, std::string> seen;  // uid -> where
  Chunk chunk;
  while (reader->Next(&chunk)) {
    std::string where = fmt::format("{}:{}", book.display, chunk.line);
    if (!chunk.readable()) {
      reporter->Warn(book.display, chunk.line, "not a card; not published");
      continue;
    }
    // Servers mangle 2.1 (Radicale drops bare types): upload 3.0.
    std::string body = book.format == BookFormat::kCsv ? CsvRecordToVcard(*columns, chunk.fields)
                                                       : VcardTo30(chunk.raw);
    const Person& person = chunk.people[0];
    std::string uid = FirstValue(body, "UID");
    if (uid.empty()) {
      // A UID that stays the same from run to run: from who the card is.
      std::string identity =
          ContactIdentity(chunk, phones, book.display, reporter, CanonicalVcard(body, phones));
      uid = "vcsplit-" + Sha256::Of(identity).substr(0, 32);
      body = InsertBeforeEnd(body, "UID:" + uid);
    }
    if (FirstValue(body, "FN").empty()) {  // a server refuses a 3.0 card without FN
      std::string fn = !person.n.empty()        ? person.n
                       : !person.emails.empty() ? person.emails[0]
                       : !person.tels.empty()   ? person.tels[0]
                                                : uid;
      body = InsertBeforeEnd(body, "FN:" + EscapeText(fn));
    }
    auto [it, fresh] = seen.emplace(uid, where);
    if (!fresh) {
      reporter->Warn(
          book.display, chunk.line,
          fmt::format("same UID as the card at {}; only that one is published", it->second));
      continue;
    }
    cards.push_back({CardName(uid), body, CanonicalVcard(body, phones), where});
  }
  if (cards.empty() && !options.allow_empty) {
    ThrowUsage(fmt::format("{}: no cards found; nothing was written", book.display));
  }
  return cards;
}

std::string NowStamp() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[32];
  if (std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%S", &local) == 0) return "0";
  return buf;
}

bool IsDone(long status) { return status >= 200 && status < 300; }

class Publisher {
 public:
  Publisher(const PublishOptions& options, Reporter* reporter, PublishResult* result)
      : options_(options), reporter_(reporter), result_(result), phones_(options.region) {}

  void Run();

 private:
  struct Side {
    std::unique_ptr<CardDavCollection> collection;
    std::vector<Upload> cards;
    std::map<std::string, DavCard> members;   // by path
    std::map<std::string, std::string> data;  // by path
    CollectionCounts* counts = nullptr;
    const char* label = "";
    bool exists = true;
  };

  HttpClient* ClientFor(const std::string& url);
  void Open(Side* side, const std::string& url);
  void Read(Side* side);
  bool IsOurs(const std::string& path, const std::string& data) const;
  void DeleteFromNative();
  void UploadTo(Side* side);
  void Upload1(Side* side, const Upload& card);
  long DeleteOne(Side* side, const DavCard& member);
  void DeleteFromSecondary();
  void CheckNative();
  void Plan(const std::string& action) { result_->actions.push_back(action); }

  const PublishOptions& options_;
  Reporter* reporter_;
  PublishResult* result_;
  PhoneNormalizer phones_;
  std::vector<std::unique_ptr<HttpClient>> clients_;
  Side native_, secondary_;
};

HttpClient* Publisher::ClientFor(const std::string& url) {
  // One connection per server: both collections usually share it.
  for (size_t i = 0; i < clients_.size(); ++i) {
    try {
      clients_[i]->Resolve(url);
      return clients_[i].get();
    } catch (const FatalError&) {
      // Another server.
    }
  }
  clients_.push_back(std::make_unique<HttpClient>(url, ResolveAccess(options_.access)));
  return clients_.back().get();
}

void Publisher::Open(Side* side, const std::string& url) {
  side->collection = std::make_unique<CardDavCollection>(ClientFor(url), url);
  side->exists = side->collection->Exists();
  if (!side->exists && !options_.create) {
    ThrowUsage(
        fmt::format("{}: no such address book; create it on the server or pass --create; "
                    "nothing was written",
                    url));
  }
}

void Publisher::Read(Side* side) {
  if (!side->exists) return;
  std::vector<std::string> hrefs;
  for (DavCard& m : side->collection->List()) {
    hrefs.push_back(m.href);
    side->members[m.path] = std::move(m);
  }
  side->counts->listed = side->members.size();
  side->data = side->collection->Fetch(hrefs);
}

bool Publisher::IsOurs(const std::string& path, const std::string& data) const {
  std::string uid = FirstValue(data, "UID");
  std::string name = uid.empty() ? std::string() : CardName(uid);
  return !name.empty() && path.size() >= name.size() &&
         path.compare(path.size() - name.size(), name.size(), name) == 0;
}

long Publisher::DeleteOne(Side* side, const DavCard& member) {
  long status = side->collection->Delete(member.href, member.etag);
  if (status == 412) {
    // Changed on the server meanwhile: read it again and delete it anyway.
    std::string etag = side->collection->EtagOf(member.href);
    status = etag.empty() ? 404 : side->collection->Delete(member.href, etag);
  }
  return status;
}

void Publisher::DeleteFromNative() {
  std::set<std::string> wanted;
  for (const Upload& u : native_.cards) wanted.insert(native_.collection->PathOfMember(u.name));
  std::vector<const DavCard*> doomed;
  std::string foreign;
  for (const auto& [path, member] : native_.members) {
    if (wanted.count(path)) continue;
    doomed.push_back(&member);
    auto data = native_.data.find(path);
    if (data != native_.data.end() && !IsOurs(path, data->second)) {
      foreign += data->second;
      if (foreign.back() != '\n') foreign += "\r\n";
      ++native_.counts->foreign;
    }
  }
  if (!foreign.empty()) {
    // Made on a phone or by another client: kept before it is deleted.
    result_->foreign_file = options_.foreign_dir + "/foreign-" + NowStamp() + ".vcf";
    if (options_.dry_run) {
      Plan(fmt::format("save {} foreign native cards to {}", native_.counts->foreign,
                       result_->foreign_file));
    } else {
      AtomicOutput out(result_->foreign_file, false);
      out.Write(foreign);
      out.Finish();
      out.Commit();
    }
  }
  for (const DavCard* member : doomed) {
    if (options_.dry_run) {
      Plan("delete native " + member->href);
      continue;
    }
    long status = DeleteOne(&native_, *member);
    if (!IsDone(status) && status != 404) {
      throw FatalError(kExitOutput,
                       fmt::format("{}: could not delete a card that may no longer be native "
                                   "({}); nothing was uploaded; run again",
                                   native_.collection->url(), status));
    }
    ++native_.counts->deleted;
  }
}

void Publisher::Upload1(Side* side, const Upload& card) {
  std::string path = side->collection->PathOfMember(card.name);
  auto member = side->members.find(path);
  std::string etag;
  if (member != side->members.end()) {
    auto data = side->data.find(path);
    // Servers rewrite what they store: compare content, not bytes.
    if (data != side->data.end() && CanonicalVcard(data->second, &phones_) == card.canonical) {
      ++side->counts->unchanged;
      return;
    }
    etag = member->second.etag;
  }
  bool update = !etag.empty();
  if (options_.dry_run) {
    Plan(fmt::format("{} {} {} ({})", update ? "update" : "create", side->label, card.name,
                     card.where));
    ++(update ? side->counts->updated : side->counts->created);
    return;
  }
  long status = side->collection->Put(card.name, card.body, etag);
  if (status == 412) {
    // New: an earlier run's upload arrived after all. Changed: edited on
    // the server meanwhile. Either way: read it again and overwrite it.
    etag = side->collection->EtagOf(side->collection->url() + card.name);
    update = !etag.empty();
    status = side->collection->Put(card.name, card.body, etag);
  }
  if (IsDone(status)) {
    ++(update ? side->counts->updated : side->counts->created);
    return;
  }
  if (status == 413) {
    ++side->counts->too_large;
    reporter_->Warn(
        card.where, 0,
        fmt::format("too large for the {} collection's server (413); not published", side->label));
    return;
  }
  if (status >= 400 && status < 500) {
    ++side->counts->refused;
    reporter_->Warn(card.where, 0,
                    fmt::format("refused by the {} collection's server ({}); not published",
                                side->label, status));
    return;
  }
  throw FatalError(kExitOutput, fmt::format("{}: the server failed ({}) while uploading; run again",
                                            side->collection->url(), status));
}

void Publisher::UploadTo(Side* side) {
  for (const Upload& card : side->cards) {
    ThrowIfInterrupted();
    Upload1(side, card);
  }
}

void Publisher::DeleteFromSecondary() {
  std::set<std::string> wanted;
  for (const Upload& u : secondary_.cards) {
    wanted.insert(secondary_.collection->PathOfMember(u.name));
  }
  std::vector<const DavCard*> doomed;
  for (const auto& [path, member] : secondary_.members) {
    if (!wanted.count(path)) doomed.push_back(&member);
  }
  double share = secondary_.members.empty() ? 0.0
                                            : 100.0 * static_cast<double>(doomed.size()) /
                                                  static_cast<double>(secondary_.members.size());
  if (!doomed.empty() && share > options_.max_secondary_delete) {
    result_->delete_guard = true;
    reporter_->Warn(secondary_.collection->url(), 0,
                    fmt::format("{} of {} cards ({:.0f}%) would be deleted, more than "
                                "--max-secondary-delete {}%; none was deleted",
                                doomed.size(), secondary_.members.size(), share,
                                options_.max_secondary_delete));
    return;
  }
  for (const DavCard* member : doomed) {
    if (options_.dry_run) {
      Plan("delete secondary " + member->href);
      continue;
    }
    long status = DeleteOne(&secondary_, *member);
    if (!IsDone(status) && status != 404) {
      throw FatalError(kExitOutput, fmt::format("{}: could not delete a card ({}); run again",
                                                secondary_.collection->url(), status));
    }
    ++secondary_.counts->deleted;
  }
}

void Publisher::CheckNative() {
  std::set<std::string> wanted;
  for (const Upload& u : native_.cards) wanted.insert(native_.collection->PathOfMember(u.name));
  size_t extra = 0;
  for (const DavCard& m : native_.collection->List()) extra += wanted.count(m.path) ? 0u : 1u;
  if (extra > 0) {
    throw FatalError(kExitOutput,
                     fmt::format("{}: after the run the collection holds {} {} the native book "
                                 "does not (written by another client meanwhile?); run again",
                                 native_.collection->url(), extra, extra == 1 ? "card" : "cards"));
  }
}

void Publisher::Run() {
  // One collection for both books would put the secondary book on the
  // phones' native address book, if only until the check at the end.
  std::string native = CollectionIdentity(options_.native_url);
  std::string secondary = CollectionIdentity(options_.secondary_url);
  if (native.compare(0, secondary.size(), secondary) == 0 ||
      secondary.compare(0, native.size(), native) == 0) {
    ThrowUsage(fmt::format(
        "--native-url {} and --secondary-url {} {}; give two separate "
        "address books; nothing was written",
        options_.native_url, options_.secondary_url,
        native == secondary ? "name the same collection" : "name one collection inside the other"));
  }
  native_.label = "native";
  secondary_.label = "secondary";
  native_.counts = &result_->native;
  secondary_.counts = &result_->secondary;
  native_.cards = LoadBook(options_.native_book, options_, &phones_, reporter_);
  secondary_.cards = LoadBook(options_.secondary_book, options_, &phones_, reporter_);
  // A UID in both books is published to secondary only: when in doubt, not
  // in the native book.
  std::set<std::string> in_secondary;
  for (const Upload& u : secondary_.cards) in_secondary.insert(u.name);
  std::vector<Upload> native_only;
  for (Upload& u : native_.cards) {
    if (in_secondary.count(u.name)) {
      reporter_->Warn(u.where, 0, "UID also in the secondary book; published to secondary only");
    } else {
      native_only.push_back(std::move(u));
    }
  }
  native_.cards = std::move(native_only);

  // 1. Both collections, before anything is written.
  Open(&native_, options_.native_url);
  Open(&secondary_, options_.secondary_url);
  for (Side* side : {&native_, &secondary_}) {
    if (side->exists) continue;
    if (options_.dry_run) {
      Plan(fmt::format("create the {} address book {}", side->label, side->collection->url()));
    } else {
      side->collection->Create(fmt::format("vcsplit {}", side->label),
                               fmt::format("Contacts {} consent (managed by vcsplit)",
                                           side == &native_ ? "with" : "without"));
    }
  }
  Read(&native_);
  Read(&secondary_);
  // 2. Native deletions first; 3. uploads; 4. secondary deletions.
  DeleteFromNative();
  UploadTo(&secondary_);
  UploadTo(&native_);
  DeleteFromSecondary();
  // 5. What the phones will sync.
  if (!options_.dry_run) CheckNative();
  for (const auto& client : clients_) {
    const HttpStats& s = client->stats();
    result_->http.requests += s.requests;
    result_->http.retries += s.retries;
    for (const auto& [status, n] : s.statuses) result_->http.statuses[status] += n;
  }
}

}  // namespace

std::string CardName(const std::string& uid) { return Sha256::Of(uid).substr(0, 40) + ".vcf"; }

PublishResult RunPublish(const PublishOptions& options, Reporter* reporter) {
  auto start = std::chrono::steady_clock::now();
  PublishResult result;
  if (options.ledger_check) {
    DecideOptions check = *options.ledger_check;
    check.inputs = {options.native_book};
    check.books = options.books;
    SplitResult decided = RunCheck(check, reporter);
    for (const auto& card : decided.card_list) {
      if (card.output == Output::kNative) continue;
      reporter->Warn(card.input, card.line,
                     fmt::format("may not be in the native book ({}); nothing was published",
                                 ReasonName(card.reason)));
      result.ledger_refused = true;
    }
    if (result.ledger_refused) {
      result.exit_code = kExitFindings;
      return result;
    }
  }
  Publisher publisher(options, reporter, &result);
  publisher.Run();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  bool refused = result.native.too_large + result.native.refused + result.secondary.too_large +
                     result.secondary.refused >
                 0;
  result.exit_code = result.delete_guard || refused ? kExitFindings : kExitOk;
  return result;
}

std::string RenderPublishReport(const PublishResult& r) {
  using nlohmann::ordered_json;
  auto counts = [](const CollectionCounts& c) {
    return ordered_json{{"listed", c.listed},       {"created", c.created}, {"updated", c.updated},
                        {"unchanged", c.unchanged}, {"deleted", c.deleted}, {"foreign", c.foreign},
                        {"too_large", c.too_large}, {"refused", c.refused}};
  };
  ordered_json statuses = ordered_json::object();
  for (const auto& [status, n] : r.http.statuses) statuses[std::to_string(status)] = n;
  ordered_json j = {
      {"tool", "vcsplit"},
      {"version", VCSPLIT_VERSION},
      {"command", "publish"},
      {"native", counts(r.native)},
      {"secondary", counts(r.secondary)},
      {"ledger_refused", r.ledger_refused},
      {"secondary_delete_held_back", r.delete_guard},
      {"http",
       {{"requests", r.http.requests}, {"retries", r.http.retries}, {"statuses", statuses}}},
      {"seconds", std::round(r.seconds * 1000) / 1000},
      {"exit_code", r.exit_code}};
  return j.dump(2) + "\n";
}

}  // namespace vcsplit
