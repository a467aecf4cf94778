// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/diff.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <sys/stat.h>
#include <nlohmann/json.hpp>

#include "book/book.h"
#include "io/output.h"
#include "io/sha256.h"
#include "util/text.h"
#include "vcard/convert.h"
#include "vcard/vcard_lines.h"
#include "vcard/vcard_property.h"
#include "vcard/vcard_reader.h"
#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"

namespace vcsplit {

namespace {

// What is kept of one card: who it is and a fingerprint of its content.
struct CardRecord {
  std::string identity;
  std::string name;
  uint64_t line = 0;
  // (property name, hash of its canonical line), sorted: equal vectors mean
  // equal content.
  std::vector<std::pair<std::string, size_t>> content;
};

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// A structured value without empty components at its end: `Staff;;;;` and
// `Staff` are one name, `ACME;` and `ACME` one organisation (SPEC §2.5).
std::string_view WithoutEmptyTail(std::string_view v) {
  for (;;) {
    v = Trim(v);
    if (v.empty() || v.back() != ';') return v;
    size_t backslashes = 0;
    while (backslashes + 1 < v.size() && v[v.size() - 2 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 1) return v;  // an escaped ';' is part of the value
    v.remove_suffix(1);
  }
}

// Resolves the text escapes that differ between writers (`\,` `\n` `\N`)
// and keeps those that carry structure (`\;` `\\`).
std::string LightUnescape(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char c = v[i + 1];
      if (c == ',' || c == ':') {
        out += c;
        ++i;
        continue;
      }
      if (c == 'n' || c == 'N') {
        out += '\n';
        ++i;
        continue;
      }
      out += v[i];
      out += c;
      ++i;
      continue;
    }
    out += v[i];
  }
  return out;
}

std::string WithoutSpace(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  }
  return out;
}

std::vector<std::pair<std::string, size_t>> Fingerprint(const std::vector<std::string>& lines) {
  std::vector<std::pair<std::string, size_t>> out;
  for (const std::string& l : lines) {
    size_t end = l.find_first_of(";:=");
    out.emplace_back(l.substr(0, end), std::hash<std::string>()(l));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string IdentityOf(const Chunk& chunk, PhoneNormalizer* phones, const std::string& display,
                       Reporter* reporter, const std::vector<std::string>& canonical) {
  if (!chunk.readable() || chunk.people.empty()) {
    return "unreadable:" + Sha256::Of(chunk.raw).substr(0, 16);
  }
  const Person& p = chunk.people[0];
  for (const std::string& uid : p.uids) {
    std::string u = NormalizeUid(uid);
    if (!u.empty()) return "uid:" + u;
  }
  std::vector<Key> keys = PersonKeys(p, phones, display, reporter);
  std::sort(keys.begin(), keys.end());
  std::string id;
  for (const Key& k : keys) id += (id.empty() ? "" : " ") + k.ToString();
  if (!id.empty()) return id;
  std::string name = NormalizeName(p.DisplayName());
  if (!name.empty()) return "name:" + name;
  std::string all;
  for (const std::string& l : canonical) all += l + "\n";
  return "content:" + Sha256::Of(all).substr(0, 16);
}

// One book read to records: its CSV prefix and what is kept of each card.
struct BookReading {
  std::string prefix;  // CSV preamble and header
  std::vector<CardRecord> cards;
};

// `as_vcard`: compare CSV records as their conversion to vCard (SPEC §2.5:
// when the other book is a vCard book).
void ReadRecords(Book& book, const DiffOptions& options, bool as_vcard, PhoneNormalizer* phones,
                 Reporter* reporter, BookReading* out) {
  std::unique_ptr<ChunkReader> reader = book.MakeReader(options.books, reporter);
  out->prefix = reader->OutputPrefix();
  std::shared_ptr<const CsvColumnMap> columns = reader->description().columns;
  // An oversized card's bytes pass the sink instead of `raw`: hash them.
  auto overflow = std::make_shared<std::unique_ptr<Sha256>>(std::make_unique<Sha256>());
  reader->SetOverflowSink([overflow](std::string_view bytes) { (*overflow)->Update(bytes); });
  Chunk chunk;
  while (reader->Next(&chunk)) {
    ThrowIfInterrupted();
    if (chunk.kind == ChunkKind::kOversized) chunk.raw = (*overflow)->HexDigest();
    *overflow = std::make_unique<Sha256>();
    std::vector<std::string> canonical;
    if (!chunk.readable()) {
      canonical.push_back("?" + Sha256::Of(chunk.raw));
    } else if (book.format == BookFormat::kCsv && as_vcard) {
      canonical = CanonicalVcard(CsvRecordToVcard(*columns, chunk.fields), phones);
    } else if (book.format == BookFormat::kCsv) {
      canonical = CanonicalCsvRecord(*columns, chunk.fields, phones);
    } else {
      canonical = CanonicalVcard(chunk.raw, phones);
    }
    CardRecord rec;
    rec.identity = IdentityOf(chunk, phones, book.display, reporter, canonical);
    rec.name = chunk.people.empty() ? std::string() : chunk.people[0].DisplayName();
    rec.line = chunk.line;
    rec.content = Fingerprint(canonical);
    out->cards.push_back(std::move(rec));
  }
}

std::vector<std::string> ChangedProperties(const CardRecord& a, const CardRecord& b) {
  std::vector<std::pair<std::string, size_t>> only;
  std::set_symmetric_difference(a.content.begin(), a.content.end(), b.content.begin(),
                                b.content.end(), std::back_inserter(only));
  std::vector<std::string> names;
  for (const auto& [name, hash] : only) {
    if (names.empty() || names.back() != name) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// Writes the OLD cards whose index is in `removed` (sorted), byte for byte.
void WriteRemoved(Book& book, const DiffOptions& options, AtomicOutput* out_file,
                  const std::string& prefix, const std::vector<size_t>& removed) {
  AtomicOutput& out = *out_file;
  out.Write(prefix);
  book.source->Rewind();
  NullReporter quiet;
  std::unique_ptr<ChunkReader> reader = book.MakeReader(options.books, &quiet);
  size_t index = 0;
  size_t next = 0;  // position in `removed`
  bool copy_overflow = !removed.empty() && removed[0] == 0;
  AtomicOutput* target = &out;
  reader->SetOverflowSink([&copy_overflow, target](std::string_view bytes) {
    if (copy_overflow) target->Write(bytes);
  });
  Chunk chunk;
  while (reader->Next(&chunk)) {
    ThrowIfInterrupted();
    if (next < removed.size() && removed[next] == index) {
      out.Write(chunk.raw);
      if (chunk.missing_newline) out.Write(reader->LineBreak(chunk.crlf));
      ++next;
    }
    ++index;
    copy_overflow = next < removed.size() && removed[next] == index;
  }
  out.Finish();
  ThrowIfInterrupted();
  out.Commit();
}

}  // namespace

std::vector<std::string> CanonicalVcard(const std::string& raw, PhoneNormalizer* phones) {
  std::vector<std::string> out;
  Property p;
  for (const std::string& line : VcardLogicalLines(VcardTo30(raw))) {
    if (!ParseProperty(line, &p)) {
      out.push_back("?" + std::string(Trim(line)));
      continue;
    }
    if (p.name == "VERSION" || p.name == "PRODID" || p.name == "REV") continue;
    std::vector<std::string> types;
    std::vector<std::string> params;
    for (const auto& [name, value] : p.params) {
      if (name == "ENCODING" || name == "CHARSET" || name == "VALUE") continue;
      if (name.empty() || name == "TYPE") {
        for (std::string_view t : SplitOn(value, ',')) {
          std::string u = AsciiUpper(Trim(t));
          if (u.empty() || u == "QUOTED-PRINTABLE" || u == "BASE64" || u == "B" || u == "8BIT" ||
              u == "7BIT") {
            continue;
          }
          if (u == "PREF") {
            params.push_back("PREF=1");
          } else {
            types.push_back(u);
          }
        }
      } else {
        params.push_back(name + "=" + value);
      }
    }
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    std::string joined;
    for (const std::string& t : types) joined += (joined.empty() ? "" : ",") + t;
    if (!joined.empty()) params.push_back("TYPE=" + joined);
    std::sort(params.begin(), params.end());
    params.erase(std::unique(params.begin(), params.end()), params.end());

    std::string value;
    if (p.base64) {
      value = WithoutSpace(p.value);
    } else {
      std::string decoded;
      DecodePropertyText(p, &decoded);
      if (p.name == "TEL") {
        std::optional<std::string> e164 = phones->ToE164(decoded);
        value = e164 ? *e164 : std::string(Trim(decoded));
      } else if (p.name == "EMAIL") {
        value = NormalizeEmail(decoded);
      } else {
        std::string_view text = Trim(decoded);
        if (p.name == "N" || p.name == "ADR" || p.name == "ORG") text = WithoutEmptyTail(text);
        value = LightUnescape(text);
      }
    }
    std::string canonical = p.name;
    for (const std::string& param : params) canonical += ";" + param;
    out.push_back(canonical + ":" + value);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> CanonicalCsvRecord(const CsvColumnMap& columns,
                                            const std::vector<std::string>& fields,
                                            PhoneNormalizer* phones) {
  std::vector<std::string> out;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string_view v = Trim(fields[i]);
    if (v.empty()) continue;
    bool known = i < columns.size();
    std::string column = known ? columns[i].lower : std::to_string(i + 1);
    bool phone = known && columns[i].role == ColumnRole::kPhone;
    bool email = known && columns[i].role == ColumnRole::kEmail;
    std::string value;
    if (phone || email) {
      for (const std::string& part : SplitMultiValue(std::string(v))) {
        std::string norm;
        if (phone) {
          std::optional<std::string> e164 = phones->ToE164(part);
          norm = e164 ? *e164 : part;
        } else {
          norm = NormalizeEmail(part);
        }
        value += (value.empty() ? "" : " ::: ") + norm;
      }
    } else {
      value = v;
    }
    out.push_back(column + "=" + value);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// Opens both books and the removed-cards file (made before any card is read:
// a device or FIFO that may not be written fails now). Throws usage errors.
std::unique_ptr<AtomicOutput> OpenForDiff(const DiffOptions& options, Book* old_book,
                                          Book* new_book) {
  if (options.old_path == "-" && options.new_path == "-") {
    ThrowUsage("standard input can be only one of OLD and NEW");
  }
  PhoneNormalizer::CheckRegion(options.region);
  if (options.removed_path && !IsDirectory(DirName(*options.removed_path))) {
    ThrowUsage(fmt::format("{}: directory does not exist", *options.removed_path));
  }
  *old_book = OpenBook(options.old_path, options.books.format);
  *new_book = OpenBook(options.new_path, options.books.format);
  if (!options.removed_path) return nullptr;
  struct stat st;
  if (::stat(options.removed_path->c_str(), &st) == 0 &&
      (old_book->source->SameFile(st.st_dev, st.st_ino) ||
       new_book->source->SameFile(st.st_dev, st.st_ino))) {
    ThrowUsage(fmt::format("{}: output is the same file as an input", *options.removed_path));
  }
  return std::make_unique<AtomicOutput>(*options.removed_path, false);
}

// Pairs the cards of the two books by identity: first those whose content
// is unchanged, then the rest of one identity in order, as changed. Fills
// the lists of `result` and returns the indexes of the OLD cards that left.
std::vector<size_t> Match(const BookReading& old_read, const BookReading& new_read,
                          DiffResult* result) {
  std::map<std::string, std::vector<size_t>> old_by_id;
  for (size_t i = 0; i < old_read.cards.size(); ++i) {
    old_by_id[old_read.cards[i].identity].push_back(i);
  }
  std::vector<bool> old_used(old_read.cards.size(), false);
  // The first unused OLD card of `n`'s identity that `accept`s, marked used.
  auto take = [&](const CardRecord& n, auto accept) -> const CardRecord* {
    auto it = old_by_id.find(n.identity);
    if (it == old_by_id.end()) return nullptr;
    for (size_t j : it->second) {
      if (old_used[j] || !accept(old_read.cards[j])) continue;
      old_used[j] = true;
      return &old_read.cards[j];
    }
    return nullptr;
  };
  std::vector<const CardRecord*> unmatched_new;
  for (const CardRecord& n : new_read.cards) {
    if (take(n, [&](const CardRecord& o) { return o.content == n.content; })) {
      ++result->unchanged;
    } else {
      unmatched_new.push_back(&n);
    }
  }
  for (const CardRecord* n : unmatched_new) {
    if (const CardRecord* o = take(*n, [](const CardRecord&) { return true; })) {
      result->changed.push_back(
          {n->identity, n->name, o->line, n->line, ChangedProperties(*o, *n)});
    } else {
      result->joined.push_back({n->identity, n->name, 0, n->line, {}});
    }
  }
  std::vector<size_t> removed;
  for (size_t j = 0; j < old_read.cards.size(); ++j) {
    if (old_used[j]) continue;
    const CardRecord& o = old_read.cards[j];
    result->left.push_back({o.identity, o.name, o.line, 0, {}});
    removed.push_back(j);
  }
  return removed;
}

}  // namespace

DiffResult RunDiff(const DiffOptions& options, Reporter* reporter) {
  Book old_book, new_book;
  std::unique_ptr<AtomicOutput> removed_file = OpenForDiff(options, &old_book, &new_book);
  // Books of two formats are compared as vCard: a CSV record as its
  // conversion (SPEC §2.5).
  bool mixed = old_book.format != new_book.format;
  PhoneNormalizer phones(options.region);
  BookReading old_read, new_read;
  ReadRecords(old_book, options, mixed, &phones, reporter, &old_read);
  ReadRecords(new_book, options, mixed, &phones, reporter, &new_read);

  DiffResult result;
  result.old_display = old_book.display;
  result.new_display = new_book.display;
  result.old_format = BookFormatName(old_book.format);
  result.new_format = BookFormatName(new_book.format);
  result.old_cards = old_read.cards.size();
  result.new_cards = new_read.cards.size();
  std::vector<size_t> removed = Match(old_read, new_read, &result);
  if (removed_file) WriteRemoved(old_book, options, removed_file.get(), old_read.prefix, removed);
  return result;
}

std::string RenderDiffText(const DiffResult& r) {
  std::string out;
  auto who = [](const DiffEntry& e) {
    return e.name.empty() ? fmt::format("({})", e.identity)
                          : fmt::format("{} ({})", e.name, e.identity);
  };
  for (const DiffEntry& e : r.left) {
    out += fmt::format("- {}:{}: left: {}\n", r.old_display, e.old_line, who(e));
  }
  for (const DiffEntry& e : r.joined) {
    out += fmt::format("+ {}:{}: joined: {}\n", r.new_display, e.new_line, who(e));
  }
  for (const DiffEntry& e : r.changed) {
    std::string props;
    for (const std::string& p : e.properties) props += (props.empty() ? "" : ", ") + p;
    out += fmt::format("~ {}:{}: changed: {} [{}] (was {}:{})\n", r.new_display, e.new_line, who(e),
                       props, r.old_display, e.old_line);
  }
  return out;
}

std::string RenderDiffJson(const DiffResult& r) {
  using nlohmann::ordered_json;
  auto entries = [](const std::vector<DiffEntry>& list) {
    ordered_json a = ordered_json::array();
    for (const DiffEntry& e : list) {
      ordered_json o;
      o["identity"] = e.identity;
      o["name"] = e.name;
      if (e.old_line) o["old_line"] = e.old_line;
      if (e.new_line) o["new_line"] = e.new_line;
      if (!e.properties.empty() || (e.old_line && e.new_line)) o["properties"] = e.properties;
      a.push_back(std::move(o));
    }
    return a;
  };
  ordered_json j;
  j["tool"] = "vcsplit";
  j["version"] = VCSPLIT_VERSION;
  j["command"] = "diff";
  j["format"] = r.old_format == r.new_format ? r.old_format : "mixed";
  j["old_format"] = r.old_format;
  j["new_format"] = r.new_format;
  j["old"] = {{"path", r.old_display}, {"cards", r.old_cards}};
  j["new"] = {{"path", r.new_display}, {"cards", r.new_cards}};
  j["counts"] = {{"left", r.left.size()},
                 {"joined", r.joined.size()},
                 {"changed", r.changed.size()},
                 {"unchanged", r.unchanged}};
  j["left"] = entries(r.left);
  j["joined"] = entries(r.joined);
  j["changed"] = entries(r.changed);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string ContactIdentity(const Chunk& chunk, PhoneNormalizer* phones, const std::string& display,
                            Reporter* reporter, const std::vector<std::string>& canonical) {
  return IdentityOf(chunk, phones, display, reporter, canonical);
}

}  // namespace vcsplit
