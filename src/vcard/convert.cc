// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "vcard/convert.h"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "csv/csv_book.h"
#include "ledger/timeparse.h"
#include "util/text.h"
#include "vcard/vcard_lines.h"
#include "vcard/vcard_property.h"

namespace vcsplit {

namespace {

bool Has(const std::string& h, const char* part) { return h.find(part) != std::string::npos; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// TYPE values suggested by a column name or a Google "... - Type" cell.
std::vector<std::string> TypesFrom(const std::string& text, bool phone) {
  std::string h = Utf8Lower(text);
  std::vector<std::string> types;
  if (phone) {
    if (Has(h, "mobil") || Has(h, "handy") || Has(h, "cell")) types.push_back("CELL");
    if (Has(h, "fax")) types.push_back("FAX");
    if (Has(h, "pager")) types.push_back("PAGER");
    if (Has(h, "car") || Has(h, "auto")) types.push_back("CAR");
    if (Has(h, "isdn")) types.push_back("ISDN");
  }
  if (Has(h, "business") || Has(h, "work") || Has(h, "geschäftlich") || Has(h, "firma") ||
      Has(h, "company")) {
    types.push_back("WORK");
  } else if (Has(h, "home") || Has(h, "privat")) {
    types.push_back("HOME");
  }
  if (phone && types.empty()) types.push_back("VOICE");
  return types;
}

std::string JoinTypes(const std::vector<std::string>& types) {
  std::vector<std::string> seen;
  std::string out;
  for (const std::string& t : types) {
    if (std::find(seen.begin(), seen.end(), t) != seen.end()) continue;
    seen.push_back(t);
    out += (out.empty() ? "" : ",") + t;
  }
  return out;
}

enum class Part { kNone, kPoBox, kExtended, kStreet, kCity, kRegion, kPostal, kCountry };

// Which address group and part a column is: "Business City" -> {WORK, city}.
bool AddressColumn(const std::string& h, std::string* group, Part* part) {
  bool google = h.rfind("address ", 0) == 0 && Has(h, " - ");
  bool any = google || Has(h, "street") || Has(h, "straße") || Has(h, "strasse") ||
             Has(h, "city") || h.rfind("ort ", 0) == 0 || Has(h, "state") || Has(h, "postal") ||
             Has(h, "zip") || Has(h, "postleitzahl") || Has(h, "country") ||
             Has(h, "land/region") || Has(h, "home address") || Has(h, "work address") ||
             (Has(h, "region") && !Has(h, "land"));
  if (!any || Has(h, "formatted") || Has(h, "- type") || Has(h, "label")) return false;
  if (google) {
    *group = h.substr(0, h.find(" - "));
  } else if (Has(h, "business") || Has(h, "work") || Has(h, "geschäftlich")) {
    *group = "WORK";
  } else if (Has(h, "home") || Has(h, "privat")) {
    *group = "HOME";
  } else {
    *group = "OTHER";
  }
  if (Has(h, "country") || Has(h, "land/region") || h.rfind("land", 0) == 0) {
    *part = Part::kCountry;
  } else if (Has(h, "postal") || Has(h, "zip") || Has(h, "postleitzahl")) {
    *part = Part::kPostal;
  } else if (Has(h, "city") || h.rfind("ort ", 0) == 0) {
    *part = Part::kCity;
  } else if (Has(h, "state") || Has(h, "region")) {
    *part = Part::kRegion;
  } else if (Has(h, "po box") || Has(h, "postfach")) {
    *part = Part::kPoBox;
  } else if (Has(h, "extended")) {
    *part = Part::kExtended;
  } else {
    *part = Part::kStreet;
  }
  return true;
}

bool IsMarker(const Property& p, const char* name) {
  return p.name == name && EqualsIgnoreCase(Trim(p.value), "VCARD");
}

bool IsStructured(const std::string& name) { return name == "N" || name == "ADR" || name == "ORG"; }
bool IsText(const std::string& name) {
  return name == "FN" || name == "NOTE" || name == "TITLE" || name == "ROLE" || name == "LABEL" ||
         name == "NICKNAME" || name == "CATEGORIES" || name.rfind("X-", 0) == 0;
}

// Splits on ';' that is not escaped.
std::vector<std::string> SplitComponents(const std::string& v) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      parts.back() += v[i];
      parts.back() += v[++i];
    } else if (v[i] == ';') {
      parts.emplace_back();
    } else {
      parts.back() += v[i];
    }
  }
  return parts;
}

// Converts the 2.1 card in lines[*i...] (starting at its BEGIN) to 3.0
// content lines (unfolded), advancing *i past its END.
std::vector<std::string> Convert21(const std::vector<std::string>& lines, size_t* i) {
  std::vector<std::string> out;
  bool has_fn = false, has_n = false;
  std::string n_value;
  int agent_slot = -1;  // index in `out` of an empty AGENT line waiting for its card
  Property p;
  for (; *i < lines.size(); ++*i) {
    const std::string& line = lines[*i];
    if (!ParseProperty(line, &p)) continue;
    if (IsMarker(p, "BEGIN")) {
      if (out.empty()) {
        out.push_back("BEGIN:VCARD");
        out.push_back("VERSION:3.0");
        continue;
      }
      std::vector<std::string> nested = Convert21(lines, i);
      std::string text;
      for (const std::string& l : nested) text += l + "\n";
      std::string agent = "AGENT:" + EscapeText(text);
      if (agent_slot >= 0) {
        out[static_cast<size_t>(agent_slot)] = agent;
        agent_slot = -1;
      } else {
        out.push_back(agent);
      }
      continue;
    }
    if (IsMarker(p, "END")) break;
    if (p.name == "VERSION") continue;
    if (p.name == "AGENT" && Trim(p.value).empty()) {
      agent_slot = static_cast<int>(out.size());
      out.push_back("");
      continue;
    }
    std::vector<std::string> types;
    std::string params;
    for (const auto& [name, value] : p.params) {
      if (name.empty()) {
        if (EqualsIgnoreCase(value, "QUOTED-PRINTABLE") || EqualsIgnoreCase(value, "BASE64") ||
            EqualsIgnoreCase(value, "8BIT") || EqualsIgnoreCase(value, "7BIT")) {
          continue;
        }
        types.push_back(Upper(value));
      } else if (name == "TYPE") {
        types.push_back(Upper(value));
      } else if (name != "ENCODING" && name != "CHARSET") {
        bool quote = value.find_first_of(":;,") != std::string::npos;
        params += ";" + name + "=" + (quote ? "\"" + value + "\"" : value);
      }
    }
    if (p.base64) params += ";ENCODING=b";
    std::string value;
    if (p.base64) {
      value = std::string(Trim(p.value));
    } else {
      std::string decoded;
      DecodePropertyText(p, &decoded);
      if (IsStructured(p.name)) {
        std::vector<std::string> parts = SplitComponents(decoded);
        for (size_t k = 0; k < parts.size(); ++k) {
          value += (k ? ";" : "") + EscapeText(UnescapeVcardText(parts[k]));
        }
      } else if (IsText(p.name)) {
        value = EscapeText(UnescapeVcardText(decoded));
      } else {
        value = decoded;
      }
    }
    std::string head = (p.group.empty() ? "" : p.group + ".") + p.name;
    if (!types.empty()) head += ";TYPE=" + JoinTypes(types);
    out.push_back(head + params + ":" + value);
    if (p.name == "FN") has_fn = true;
    if (p.name == "N") {
      has_n = true;
      n_value = value;
    }
  }
  if (agent_slot >= 0) out.erase(out.begin() + agent_slot);
  if (!has_fn) {
    std::string fn;
    for (const std::string& part : SplitComponents(n_value)) {
      if (!part.empty()) fn = fn.empty() ? part : part + " " + fn;
    }
    out.insert(out.begin() + 2, "FN:" + fn);
  }
  if (!has_n) out.insert(out.begin() + 2, "N:;;;;");
  out.push_back("END:VCARD");
  return out;
}

}  // namespace

std::string FoldLine(std::string_view line) {
  std::string out;
  size_t limit = 75;
  while (line.size() > limit) {
    size_t cut = limit;
    // Never split a UTF-8 sequence: back up to a lead or ASCII byte.
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;  // the leading space counts
  }
  out.append(line);
  out += "\r\n";
  return out;
}

std::string EscapeText(std::string_view value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ',':
        out += "\\,";
        break;
      case ';':
        out += "\\;";
        break;
      case '\r':
        if (i + 1 < value.size() && value[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string NormalizeBirthday(std::string_view written) {
  std::string_view s = Trim(written);
  if (s.empty()) return "";
  std::optional<Timestamp> t = ParseTimestamp(s);
  if (t && t->canonical.size() >= 10) {
    std::string date = t->canonical.substr(0, 10);
    return date.rfind("19", 0) == 0 || date.rfind("20", 0) == 0 ? date : "";
  }
  // US Outlook: M/D/YYYY.
  int parts[3] = {0, 0, 0};
  size_t part = 0, digits = 0;
  bool ok = !s.empty();
  for (char c : s) {
    if (c >= '0' && c <= '9' && digits < 4) {
      parts[part] = parts[part] * 10 + (c - '0');
      ++digits;
    } else if (c == '/' && digits > 0 && part < 2) {
      ++part;
      digits = 0;
    } else {
      ok = false;
      break;
    }
  }
  int m = parts[0], d = parts[1], y = parts[2];
  if (ok && part == 2 && digits == 4 && y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
    return fmt::format("{:04}-{:02}-{:02}", y, m, d);
  }
  return "";  // "0/0/00", "0.0.00" and the unreadable
}

std::string CsvRecordToVcard(const std::vector<std::string>& header,
                             const std::vector<std::string>& fields) {
  std::string full, first, middle, last, prefix, suffix, nickname, org, department, title, note,
      birthday;
  std::vector<std::string> lines;
  std::map<std::string, std::array<std::string, 8>> addresses;
  std::vector<std::string> address_order;
  std::vector<std::string> tels, emails;
  std::array<std::string, 3> birth_parts;
  auto cell = [&](size_t i) { return i < fields.size() ? std::string(Trim(fields[i])) : ""; };
  // A Google "X N - Value" column's sibling "X N - Type".
  auto sibling_type = [&](const std::string& h) {
    size_t at = h.rfind(" - value");
    if (at == std::string::npos) return std::string();
    std::string want = h.substr(0, at) + " - type";
    for (size_t k = 0; k < header.size(); ++k) {
      if (Utf8Lower(Trim(header[k])) == want) return cell(k);
    }
    return std::string();
  };
  for (size_t i = 0; i < header.size(); ++i) {
    std::string v = cell(i);
    if (v.empty()) continue;
    std::string h = Utf8Lower(Trim(header[i]));
    ColumnRole role = ClassifyColumn(header[i]);
    std::string group;
    Part part = Part::kNone;
    if (role == ColumnRole::kPhone) {
      std::string typed = sibling_type(h);
      std::vector<std::string> types = TypesFrom(typed.empty() ? h : typed, true);
      for (const std::string& value : SplitMultiValue(v)) {
        tels.push_back("TEL;TYPE=" + JoinTypes(types) + ":" + value);
      }
    } else if (role == ColumnRole::kEmail) {
      std::vector<std::string> types = {"INTERNET"};
      std::string typed = sibling_type(h);
      for (const std::string& t : TypesFrom(typed.empty() ? h : typed, false)) types.push_back(t);
      for (const std::string& value : SplitMultiValue(v)) {
        emails.push_back("EMAIL;TYPE=" + JoinTypes(types) + ":" + value);
      }
    } else if (role == ColumnRole::kUid) {
      lines.push_back("UID:" + EscapeText(v));
    } else if (role == ColumnRole::kFullName) {
      if (full.empty()) full = v;
    } else if (role == ColumnRole::kFirstName) {
      first = v;
    } else if (role == ColumnRole::kMiddleName) {
      middle = v;
    } else if (role == ColumnRole::kLastName) {
      last = v;
    } else if (h == "name prefix" || h == "anrede" || h == "title") {
      prefix = v;
    } else if (h == "name suffix" || h == "suffix") {
      suffix = v;
    } else if (h == "nickname" || h == "spitzname") {
      nickname = v;
    } else if (h == "company" || h == "firma" || h == "organization 1 - name" ||
               h == "organization" || h == "organisation") {
      org = v;
    } else if (h == "department" || h == "abteilung" || h == "organization 1 - department") {
      department = v;
    } else if (h == "job title" || h == "position" || h == "organization 1 - title" ||
               h == "berufsbezeichnung") {
      title = v;
    } else if (h == "notes" || h == "note" || h == "notizen" || h == "notiz") {
      note = v;
    } else if (h == "birthday" || h == "geburtstag") {
      birthday = NormalizeBirthday(v);
    } else if (h == "birth year" || h == "birth month" || h == "birth day") {
      birth_parts[h == "birth year" ? 0 : h == "birth month" ? 1 : 2] = v;  // Thunderbird
    } else if (AddressColumn(h, &group, &part)) {
      if (!addresses.count(group)) address_order.push_back(group);
      std::string& slot = addresses[group][static_cast<size_t>(part)];
      slot += (slot.empty() ? "" : ", ") + v;
    }
  }
  if (birthday.empty() && !birth_parts[0].empty()) {
    birthday = NormalizeBirthday(birth_parts[0] + "-" + (birth_parts[1].size() == 1 ? "0" : "") +
                                 birth_parts[1] + "-" + (birth_parts[2].size() == 1 ? "0" : "") +
                                 birth_parts[2]);
  }
  std::string fn = full;
  for (const std::string* p : {&first, &middle, &last, &suffix}) {
    if (full.empty() && !p->empty()) fn += (fn.empty() ? "" : " ") + *p;
  }
  if (fn.empty()) fn = org;

  std::string out;
  out += FoldLine("BEGIN:VCARD");
  out += FoldLine("VERSION:3.0");
  out += FoldLine("FN:" + EscapeText(fn));
  out += FoldLine("N:" + EscapeText(last) + ";" + EscapeText(first) + ";" + EscapeText(middle) +
                  ";" + EscapeText(prefix) + ";" + EscapeText(suffix));
  if (!nickname.empty()) out += FoldLine("NICKNAME:" + EscapeText(nickname));
  if (!org.empty() || !department.empty()) {
    out += FoldLine("ORG:" + EscapeText(org) +
                    (department.empty() ? "" : ";" + EscapeText(department)));
  }
  if (!title.empty()) out += FoldLine("TITLE:" + EscapeText(title));
  for (const std::string& t : tels) out += FoldLine(t);
  for (const std::string& e : emails) out += FoldLine(e);
  for (const std::string& g : address_order) {
    const auto& a = addresses[g];
    std::string type = g == "WORK" || g == "HOME" ? ";TYPE=" + g : "";
    out += FoldLine("ADR" + type + ":" + EscapeText(a[1]) + ";" + EscapeText(a[2]) + ";" +
                    EscapeText(a[3]) + ";" + EscapeText(a[4]) + ";" + EscapeText(a[5]) + ";" +
                    EscapeText(a[6]) + ";" + EscapeText(a[7]));
  }
  if (!birthday.empty()) out += FoldLine("BDAY:" + birthday);
  if (!note.empty()) out += FoldLine("NOTE:" + EscapeText(note));
  for (const std::string& l : lines) out += FoldLine(l);
  out += FoldLine("END:VCARD");
  return out;
}

std::string VcardTo30(const std::string& raw) {
  std::vector<std::string> lines = VcardLogicalLines(raw);
  Property p;
  bool is21 = false;
  for (const std::string& l : lines) {
    if (ParseProperty(l, &p) && p.name == "VERSION") {
      is21 = Trim(p.value) == "2.1";
      break;
    }
  }
  if (!is21) return raw;
  size_t i = 0;
  while (i < lines.size() && !(ParseProperty(lines[i], &p) && IsMarker(p, "BEGIN"))) ++i;
  std::string out;
  for (const std::string& l : Convert21(lines, &i)) out += FoldLine(l);
  return out;
}

}  // namespace vcsplit
