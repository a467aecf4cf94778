// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "vcard/convert.h"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "csv/csv_columns.h"
#include "ledger/timeparse.h"
#include "util/text.h"
#include "vcard/vcard_lines.h"
#include "vcard/vcard_property.h"

namespace vcsplit {

namespace {

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

// What a Google "Label" or "Type" cell says of a number or an address:
// TYPE values, or a custom label kept as X-ABLabel (SPEC §3.3).
struct Label {
  std::vector<std::string> types;
  std::string custom;
};

Label ReadLabel(std::string_view cell, bool phone) {
  Label label;
  std::string_view text = Trim(cell);
  if (!text.empty() && text[0] == '*') {  // "* Home": the primary value
    label.types.push_back("PREF");
    text = Trim(text.substr(1));
  }
  std::string lower = Utf8Lower(text);
  if (lower == "mobile" && phone) {
    label.types.push_back("CELL");
  } else if (lower == "work") {
    label.types.push_back("WORK");
  } else if (lower == "home") {
    label.types.push_back("HOME");
  } else if (lower == "work fax" && phone) {
    label.types.insert(label.types.end(), {"WORK", "FAX"});
  } else if (lower == "home fax" && phone) {
    label.types.insert(label.types.end(), {"HOME", "FAX"});
  } else if (lower == "pager" && phone) {
    label.types.push_back("PAGER");
  } else if (lower == "main") {
    label.types.push_back("PREF");
  } else if (!lower.empty()) {
    label.custom = std::string(text);
  }
  return label;
}

bool IsMarker(const Property& p, const char* name) {
  return p.name == name && EqualsIgnoreCase(Trim(p.value), "VCARD");
}

bool IsStructured(const std::string& name) { return name == "N" || name == "ADR" || name == "ORG"; }
// Text properties of 3.0 whose ',' and ';' must be escaped. X- and unknown
// properties keep their value as written (SPEC §3.3): their structure, such
// as Android's X-ANDROID-CUSTOM components, is theirs.
bool IsText(const std::string& name) {
  return name == "FN" || name == "NOTE" || name == "TITLE" || name == "ROLE" || name == "LABEL" ||
         name == "NICKNAME" || name == "CATEGORIES";
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

// The words joined by single spaces, empty ones left out.
std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    std::string_view t = Trim(w);
    if (!t.empty()) out += (out.empty() ? "" : " ") + std::string(t);
  }
  return out;
}

std::string FirstNonEmpty(const std::vector<std::string>& candidates) {
  for (const std::string& c : candidates) {
    if (!Trim(c).empty()) return std::string(Trim(c));
  }
  return "";
}

// Converts the 2.1 card in lines[*i...] (starting at its BEGIN) to 3.0
// content lines (unfolded), advancing *i past its END.
std::vector<std::string> Convert21(const std::vector<std::string>& lines, size_t* i) {
  std::vector<std::string> out;
  int fn_slot = -1;  // index in `out` of the FN line
  bool has_n = false;
  std::string fn_value, n_value, org_value, first_email, first_tel;
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
        types.push_back(AsciiUpper(value));
      } else if (name == "TYPE") {
        types.push_back(AsciiUpper(value));
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
    if (p.name == "FN" && fn_slot < 0) {
      fn_slot = static_cast<int>(out.size() - 1);
      fn_value = value;
    } else if (p.name == "N" && !has_n) {
      has_n = true;
      n_value = value;
    } else if (p.name == "ORG" && org_value.empty()) {
      org_value = SplitComponents(value)[0];
    } else if (p.name == "EMAIL" && first_email.empty()) {
      first_email = EscapeText(Trim(value));
    } else if (p.name == "TEL" && first_tel.empty()) {
      first_tel = EscapeText(Trim(value));
    }
  }
  // FN is never empty (SPEC §3.3).
  if (Trim(fn_value).empty()) {
    std::vector<std::string> n = SplitComponents(n_value);
    n.resize(2);
    std::string fn = FirstNonEmpty({JoinWords({n[1], n[0]}), org_value, first_email, first_tel});
    if (fn_slot >= 0) {
      out[static_cast<size_t>(fn_slot)] = "FN:" + fn;
    } else {
      out.insert(out.begin() + 2, "FN:" + fn);
      if (agent_slot >= 2) ++agent_slot;
    }
  }
  if (agent_slot >= 0) out.erase(out.begin() + agent_slot);
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

std::string CsvRecordToVcard(const CsvColumnMap& columns, const std::vector<std::string>& fields) {
  std::string full, first, middle, last, prefix, suffix, nickname, org, department, title, note,
      birthday;
  std::array<std::string, 3> birth_parts;                       // year, month, day
  std::map<std::string, std::array<std::string, 7>> addresses;  // by AddressPart
  std::vector<std::string> address_order;
  std::vector<std::string> tels, emails, uids;
  std::string first_tel, first_email;
  int item = 0;  // groups for custom labels: item1, item2, ...
  auto cell = [&](size_t i) { return i < fields.size() ? std::string(Trim(fields[i])) : ""; };
  // TEL or EMAIL lines for one cell, typed by its label cell or its name.
  auto add_values = [&](const CsvColumn& c, const std::string& v, bool phone,
                        std::vector<std::string>* lines) {
    Label label;
    if (c.label_column >= 0) label = ReadLabel(cell(static_cast<size_t>(c.label_column)), phone);
    std::vector<std::string> types;
    if (!phone) types.push_back("INTERNET");
    bool from_label = !label.types.empty() || !label.custom.empty();
    for (const std::string& t : from_label ? label.types : c.types) types.push_back(t);
    for (const std::string& value : SplitMultiValue(v)) {
      std::string head = phone ? "TEL" : "EMAIL";
      std::string group;
      if (!label.custom.empty()) group = "item" + std::to_string(++item) + ".";
      std::string line = group + head + (types.empty() ? "" : ";TYPE=" + JoinTypes(types));
      lines->push_back(line + ":" + value);
      if (!group.empty()) lines->push_back(group + "X-ABLabel:" + EscapeText(label.custom));
      std::string& first_value = phone ? first_tel : first_email;
      if (first_value.empty()) first_value = value;
    }
  };
  for (size_t i = 0; i < columns.size(); ++i) {
    const CsvColumn& c = columns[i];
    std::string v = cell(i);
    if (v.empty()) continue;
    switch (c.role) {
      case ColumnRole::kPhone:
        add_values(c, v, true, &tels);
        continue;
      case ColumnRole::kEmail:
        add_values(c, v, false, &emails);
        continue;
      case ColumnRole::kUid:
        uids.push_back("UID:" + EscapeText(v));
        continue;
      case ColumnRole::kFullName:
        if (full.empty()) full = v;
        continue;
      case ColumnRole::kFirstName:
        first = v;
        continue;
      case ColumnRole::kMiddleName:
        middle = v;
        continue;
      case ColumnRole::kLastName:
        last = v;
        continue;
      case ColumnRole::kOther:
        break;
    }
    switch (c.field) {
      case VcardField::kPrefix:
        prefix = v;
        break;
      case VcardField::kSuffix:
        suffix = v;
        break;
      case VcardField::kNickname:
        nickname = v;
        break;
      case VcardField::kOrg:
        org = v;
        break;
      case VcardField::kDepartment:
        department = v;
        break;
      case VcardField::kTitle:
        title = v;
        break;
      case VcardField::kNote:
        note = v;
        break;
      case VcardField::kBirthday:
        birthday = NormalizeBirthday(v);
        break;
      case VcardField::kBirthYear:
        birth_parts[0] = v;
        break;
      case VcardField::kBirthMonth:
        birth_parts[1] = v;
        break;
      case VcardField::kBirthDay:
        birth_parts[2] = v;
        break;
      case VcardField::kAddress: {
        if (!addresses.count(c.address_group)) address_order.push_back(c.address_group);
        std::string& slot = addresses[c.address_group][static_cast<size_t>(c.address_part)];
        slot += (slot.empty() ? "" : ", ") + v;
        break;
      }
      case VcardField::kNone:
        break;
    }
  }
  if (birthday.empty() && !birth_parts[0].empty()) {
    auto two = [](const std::string& d) { return d.size() == 1 ? "0" + d : d; };
    birthday =
        NormalizeBirthday(birth_parts[0] + "-" + two(birth_parts[1]) + "-" + two(birth_parts[2]));
  }
  // FN is never empty (SPEC §3.3): the name, else the organisation, else the
  // first e-mail, else the first number.
  std::string fn =
      FirstNonEmpty({full, JoinWords({first, middle, last, suffix}), org, first_email, first_tel});

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
    std::string value;
    for (size_t k = 0; k < a.size(); ++k) value += (k ? ";" : "") + EscapeText(a[k]);
    out += FoldLine("ADR" + type + ":" + value);
  }
  if (!birthday.empty()) out += FoldLine("BDAY:" + birthday);
  if (!note.empty()) out += FoldLine("NOTE:" + EscapeText(note));
  for (const std::string& u : uids) out += FoldLine(u);
  out += FoldLine("END:VCARD");
  return out;
}

std::string CsvRecordToVcard(const std::vector<std::string>& header,
                             const std::vector<std::string>& fields) {
  CsvColumnMap columns;
  CsvColumnMap::Build(header, KeyColumnOptions(), &columns);
  return CsvRecordToVcard(columns, fields);
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
  if (!is21) {
    // 3.0 and 4.0 pass through; a last card without a line break gets one.
    bool ends_in_break = !raw.empty() && (raw.back() == '\n' || raw.back() == '\r');
    return ends_in_break ? raw : raw + "\r\n";
  }
  size_t i = 0;
  while (i < lines.size() && !(ParseProperty(lines[i], &p) && IsMarker(p, "BEGIN"))) ++i;
  std::string out;
  for (const std::string& l : Convert21(lines, &i)) out += FoldLine(l);
  return out;
}

}  // namespace vcsplit
