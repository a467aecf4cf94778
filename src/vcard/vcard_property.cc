// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "vcard/vcard_property.h"

#include "io/input_buffer.h"
#include "util/text.h"
#include "vcard/vcard_lines.h"

namespace vcsplit {

namespace {

// Inline AGENT cards need one more level of escaping per level of nesting,
// so real ones are shallow; deeper ones are not read (and held back).
constexpr int kMaxInlineDepth = 16;

// RFC 6868: ^n is a line break, ^^ a caret, ^' a double quote.
std::string DecodeCaret(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '^' && i + 1 < s.size()) {
      char n = s[i + 1];
      if (n == 'n' || n == 'N') {
        out += '\n';
        ++i;
        continue;
      }
      if (n == '^') {
        out += '^';
        ++i;
        continue;
      }
      if (n == '\'') {
        out += '"';
        ++i;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

void AddParam(std::string_view text, Property* prop) {
  text = Trim(text);
  if (text.empty()) return;  // empty parameter, e.g. "TEL;;WORK"
  size_t eq = text.find('=');
  std::string name, value;
  if (eq == std::string_view::npos) {
    value = text.find('^') == std::string_view::npos ? std::string(text) : DecodeCaret(text);
  } else {
    name = AsciiUpper(Trim(text.substr(0, eq)));
    std::string_view raw = text.substr(eq + 1);
    std::string unquoted;
    if (raw.find('"') != std::string_view::npos) {
      bool in_quotes = false;
      for (char c : raw) {
        if (c == '"') {
          in_quotes = !in_quotes;
          continue;
        }
        unquoted += c;
      }
      raw = unquoted;
    }
    raw = Trim(raw);
    value = raw.find('^') == std::string_view::npos ? std::string(raw) : DecodeCaret(raw);
  }
  if (name.empty() || name == "ENCODING") {
    if (EqualsIgnoreCase(value, "QUOTED-PRINTABLE")) prop->quoted_printable = true;
    if (EqualsIgnoreCase(value, "BASE64") || (name == "ENCODING" && EqualsIgnoreCase(value, "B"))) {
      prop->base64 = true;
    }
  }
  if (name == "CHARSET") prop->charset = value;
  prop->params.emplace_back(std::move(name), std::move(value));
}

// "Doe;John;;Dr." -> "Doe John Dr.": the components of N, for comparing names.
std::string JoinNameComponents(std::string_view decoded) {
  std::string out;
  for (size_t i = 0; i < decoded.size(); ++i) {
    char c = decoded[i];
    if (c == '\\' && i + 1 < decoded.size()) {
      out += c;
      out += decoded[++i];
      continue;
    }
    out += (c == ';') ? ' ' : c;
  }
  return UnescapeVcardText(out);
}

void ParseInlineCard(std::string_view text, uint64_t line, const std::string& display,
                     Reporter* reporter, std::vector<Person>* people, int parent, int depth);

}  // namespace

size_t FindValueColon(std::string_view line, size_t name_end) {
  bool in_quotes = false;
  for (size_t i = name_end; i < line.size(); ++i) {
    if (line[i] == '"') in_quotes = !in_quotes;
    if (line[i] == ':' && !in_quotes) return i;
  }
  return line.find(':', name_end);  // unbalanced quote
}

bool ParseProperty(std::string_view line, Property* prop) {
  prop->group.clear();
  prop->name.clear();
  prop->params.clear();
  prop->value = {};
  prop->quoted_printable = false;
  prop->base64 = false;
  prop->charset.clear();

  size_t name_end = FindNameEnd(line);
  if (name_end == std::string_view::npos) return false;
  size_t colon = FindValueColon(line, name_end);
  if (colon == std::string_view::npos) return false;

  std::string_view full_name = Trim(line.substr(0, name_end));
  size_t dot = full_name.rfind('.');
  if (dot != std::string_view::npos) {
    prop->group = std::string(full_name.substr(0, dot));
    full_name = full_name.substr(dot + 1);
  }
  prop->name = AsciiUpper(full_name);

  if (name_end < colon) {
    std::string_view params = line.substr(name_end + 1, colon - name_end - 1);
    size_t start = 0;
    bool in_quotes = false;
    for (size_t i = 0; i <= params.size(); ++i) {
      if (i < params.size() && params[i] == '"') in_quotes = !in_quotes;
      if (i == params.size() || (params[i] == ';' && !in_quotes)) {
        AddParam(params.substr(start, i - start), prop);
        start = i + 1;
      }
    }
  }
  prop->value = line.substr(colon + 1);
  return true;
}

bool ParseKeyProperty(std::string_view line, Property* prop) {
  size_t name_end = FindNameEnd(line);
  if (name_end == std::string_view::npos) return ParseProperty(line, prop);
  std::string_view name = Trim(line.substr(0, name_end));
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) name.remove_prefix(dot + 1);
  static constexpr std::string_view kKeyNames[] = {"TEL",     "EMAIL", "UID",   "FN", "N",
                                                   "VERSION", "AGENT", "BEGIN", "END"};
  for (std::string_view k : kKeyNames) {
    if (EqualsIgnoreCase(name, k)) return ParseProperty(line, prop);
  }
  size_t colon = FindValueColon(line, name_end);
  if (colon == std::string_view::npos) return ParseProperty(line, prop);
  // QUOTED-PRINTABLE, BASE64 and B all hold a b or a q; neither quoting nor
  // caret escapes can make one.
  for (size_t i = name_end; i < colon; ++i) {
    char c = static_cast<char>(line[i] | 0x20);  // ASCII lower case
    if (c == 'b' || c == 'q') return ParseProperty(line, prop);
  }
  prop->group.clear();
  prop->name.clear();
  prop->params.clear();
  prop->quoted_printable = false;
  prop->base64 = false;
  prop->charset.clear();
  prop->value = line.substr(colon + 1);
  return true;
}

bool DecodePropertyText(const Property& prop, std::string* out) {
  if (prop.base64) return false;
  std::string bytes =
      prop.quoted_printable ? DecodeQuotedPrintable(prop.value) : std::string(prop.value);
  if (!ToUtf8(bytes, prop.charset, out)) ToUtf8(bytes, "", out);
  return true;
}

void CollectProperty(const Property& prop, bool value_capped, uint64_t line,
                     const std::string& display, Reporter* reporter, std::vector<Person>* people,
                     int index) {
  const std::string& name = prop.name;
  bool wanted = name == "TEL" || name == "EMAIL" || name == "UID" || name == "FN" || name == "N" ||
                name == "VERSION" || name == "AGENT";
  if (!wanted) return;
  if (value_capped) {
    reporter->Warn(display, line, "value of " + name + " too long; ignored");
    return;
  }
  std::string decoded;
  if (!DecodePropertyText(prop, &decoded)) return;
  Person& person = (*people)[static_cast<size_t>(index)];
  if (name == "VERSION") {
    person.version = std::string(Trim(decoded));
  } else if (name == "TEL") {
    person.tels.push_back(UnescapeVcardText(decoded));
    person.tel_lines.push_back(line);
  } else if (name == "EMAIL") {
    person.emails.push_back(UnescapeVcardText(decoded));
  } else if (name == "UID") {
    person.uids.push_back(UnescapeVcardText(decoded));
  } else if (name == "FN") {
    if (person.fn.empty()) person.fn = UnescapeVcardText(decoded);
  } else if (name == "N") {
    if (person.n.empty()) person.n = JoinNameComponents(decoded);
  } else if (name == "AGENT") {
    std::string text = UnescapeVcardText(decoded);
    if (StartsWithIgnoreCase(Trim(text), "BEGIN:VCARD")) {
      ParseInlineCard(text, line, display, reporter, people, index, 1);
    }
  }
}

namespace {

void ParseInlineCard(std::string_view text, uint64_t line, const std::string& display,
                     Reporter* reporter, std::vector<Person>* people, int parent, int depth) {
  if (depth > kMaxInlineDepth) {
    Person held;
    held.parent = parent;
    held.line = line;
    held.unreadable = true;
    people->push_back(std::move(held));
    reporter->Warn(display, line, "inline AGENT cards nested too deeply; held back");
    return;
  }
  InputBuffer in(text);
  VcardLineReader lines(&in);
  VcardLine l;
  Property prop;
  bool parsed = false;
  std::vector<int> open;
  while (lines.NextLogical(&l, &prop, &parsed)) {
    if (!parsed) continue;
    if (prop.name == "BEGIN" && EqualsIgnoreCase(Trim(prop.value), "VCARD")) {
      Person p;
      p.parent = open.empty() ? parent : open.back();
      p.line = line;
      people->push_back(std::move(p));
      open.push_back(static_cast<int>(people->size() - 1));
      continue;
    }
    if (open.empty()) continue;
    if (prop.name == "END" && EqualsIgnoreCase(Trim(prop.value), "VCARD")) {
      open.pop_back();
      continue;
    }
    if (prop.name == "AGENT") {
      std::string decoded;
      if (!DecodePropertyText(prop, &decoded)) continue;
      std::string inner = UnescapeVcardText(decoded);
      if (StartsWithIgnoreCase(Trim(inner), "BEGIN:VCARD")) {
        ParseInlineCard(inner, line, display, reporter, people, open.back(), depth + 1);
      }
      continue;
    }
    CollectProperty(prop, l.capped, line, display, reporter, people, open.back());
  }
}

}  // namespace

}  // namespace vcsplit
