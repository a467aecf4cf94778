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

// One 2.1 property as a 3.0 content line: encoding parameters dropped, bare
// types gathered into TYPE, the value decoded and escaped the 3.0 way.
std::string Convert21Property(const Property& p, std::string* converted_value) {
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
  *converted_value = value;
  return head + params + ":" + value;
}

// What a converted card needs for an FN when it has none (SPEC §3.3).
struct NameSources {
  int fn_slot = -1;  // index of the FN line in the card's lines
  bool has_n = false;
  std::string fn, n, org, email, tel;  // first values, 3.0-escaped

  void Note(const std::string& name, const std::string& value, size_t slot) {
    if (name == "FN" && fn_slot < 0) {
      fn_slot = static_cast<int>(slot);
      fn = value;
    } else if (name == "N" && !has_n) {
      has_n = true;
      n = value;
    } else if (name == "ORG" && org.empty()) {
      org = SplitComponents(value)[0];
    } else if (name == "EMAIL" && email.empty()) {
      email = EscapeText(Trim(value));
    } else if (name == "TEL" && tel.empty()) {
      tel = EscapeText(Trim(value));
    }
  }
  // The given and family name of N, else ORG, the first EMAIL, the first TEL.
  std::string Fallback() const {
    std::vector<std::string> parts = SplitComponents(n);
    parts.resize(2);
    return FirstNonEmpty({JoinWords({parts[1], parts[0]}), org, email, tel});
  }
};

// Converts the 2.1 card in lines[*i...] (starting at its BEGIN) to 3.0
// content lines (unfolded), advancing *i past its END. Nested cards become
// inline AGENT values, in place of an empty AGENT line before them.
std::vector<std::string> Convert21(const std::vector<std::string>& lines, size_t* i) {
  std::vector<std::string> out;
  NameSources names;
  int agent_slot = -1;  // index in `out` of an empty AGENT line waiting for its card
  Property p;
  for (; *i < lines.size(); ++*i) {
    if (!ParseProperty(lines[*i], &p)) continue;
    if (IsMarker(p, "BEGIN") && out.empty()) {
      out = {"BEGIN:VCARD", "VERSION:3.0"};
    } else if (IsMarker(p, "BEGIN")) {
      std::string text;
      for (const std::string& l : Convert21(lines, i)) text += l + "\n";
      std::string agent = "AGENT:" + EscapeText(text);
      if (agent_slot >= 0) {
        out[static_cast<size_t>(agent_slot)] = agent;
        agent_slot = -1;
      } else {
        out.push_back(agent);
      }
    } else if (IsMarker(p, "END")) {
      break;
    } else if (p.name == "AGENT" && Trim(p.value).empty()) {
      agent_slot = static_cast<int>(out.size());
      out.emplace_back();
    } else if (p.name != "VERSION") {
      std::string value;
      out.push_back(Convert21Property(p, &value));
      names.Note(p.name, value, out.size() - 1);
    }
  }
  if (Trim(names.fn).empty()) {  // FN is never empty (SPEC §3.3)
    if (names.fn_slot >= 0) {
      out[static_cast<size_t>(names.fn_slot)] = "FN:" + names.Fallback();
    } else {
      out.insert(out.begin() + 2, "FN:" + names.Fallback());
      if (agent_slot >= 2) ++agent_slot;
    }
  }
  if (agent_slot >= 0) out.erase(out.begin() + agent_slot);
  if (!names.has_n) out.insert(out.begin() + 2, "N:;;;;");
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

namespace {

// What the columns of one record say, gathered before the card is written
// (SPEC §3.3: properties in a fixed order, whatever the column order).
class CsvCard {
 public:
  explicit CsvCard(const std::vector<std::string>& fields) : fields_(fields) {}

  void Add(const CsvColumn& c, const std::string& v);
  std::string Render();

 private:
  std::string Cell(size_t i) const {
    return i < fields_.size() ? std::string(Trim(fields_[i])) : std::string();
  }
  // TEL or EMAIL lines for one cell, typed by its label cell or its name.
  void AddValues(const CsvColumn& c, const std::string& v, bool phone);
  void AddField(const CsvColumn& c, const std::string& v);

  const std::vector<std::string>& fields_;
  std::string full_, first_, middle_, last_, prefix_, suffix_, nickname_, org_, department_, title_,
      note_, birthday_;
  std::array<std::string, 3> birth_parts_;                       // year, month, day
  std::map<std::string, std::array<std::string, 7>> addresses_;  // by AddressPart
  std::vector<std::string> address_order_;
  std::vector<std::string> tels_, emails_, uids_;
  std::string first_tel_, first_email_;
  int item_ = 0;  // groups for custom labels: item1, item2, ...
};

void CsvCard::AddValues(const CsvColumn& c, const std::string& v, bool phone) {
  Label label;
  if (c.label_column >= 0) label = ReadLabel(Cell(static_cast<size_t>(c.label_column)), phone);
  std::vector<std::string> types;
  if (!phone) types.push_back("INTERNET");
  bool from_label = !label.types.empty() || !label.custom.empty();
  for (const std::string& t : from_label ? label.types : c.types) types.push_back(t);
  std::vector<std::string>& lines = phone ? tels_ : emails_;
  for (const std::string& value : SplitMultiValue(v)) {
    std::string group;
    if (!label.custom.empty()) group = "item" + std::to_string(++item_) + ".";
    std::string head = group + (phone ? "TEL" : "EMAIL");
    lines.push_back(head + (types.empty() ? "" : ";TYPE=" + JoinTypes(types)) + ":" + value);
    if (!group.empty()) lines.push_back(group + "X-ABLabel:" + EscapeText(label.custom));
    std::string& first = phone ? first_tel_ : first_email_;
    if (first.empty()) first = value;
  }
}

void CsvCard::Add(const CsvColumn& c, const std::string& v) {
  switch (c.role) {
    case ColumnRole::kPhone:
      return AddValues(c, v, true);
    case ColumnRole::kEmail:
      return AddValues(c, v, false);
    case ColumnRole::kUid:
      uids_.push_back("UID:" + EscapeText(v));
      return;
    case ColumnRole::kFullName:
      if (full_.empty()) full_ = v;
      return;
    case ColumnRole::kFirstName:
      first_ = v;
      return;
    case ColumnRole::kMiddleName:
      middle_ = v;
      return;
    case ColumnRole::kLastName:
      last_ = v;
      return;
    case ColumnRole::kOther:
      return AddField(c, v);
  }
}

void CsvCard::AddField(const CsvColumn& c, const std::string& v) {
  std::string* slot = nullptr;
  switch (c.field) {
    case VcardField::kPrefix:
      slot = &prefix_;
      break;
    case VcardField::kSuffix:
      slot = &suffix_;
      break;
    case VcardField::kNickname:
      slot = &nickname_;
      break;
    case VcardField::kOrg:
      slot = &org_;
      break;
    case VcardField::kDepartment:
      slot = &department_;
      break;
    case VcardField::kTitle:
      slot = &title_;
      break;
    case VcardField::kNote:
      slot = &note_;
      break;
    case VcardField::kBirthday:
      birthday_ = NormalizeBirthday(v);
      return;
    case VcardField::kBirthYear:
    case VcardField::kBirthMonth:
    case VcardField::kBirthDay:
      birth_parts_[static_cast<size_t>(c.field) - static_cast<size_t>(VcardField::kBirthYear)] = v;
      return;
    case VcardField::kAddress: {
      if (!addresses_.count(c.address_group)) address_order_.push_back(c.address_group);
      std::string& part = addresses_[c.address_group][static_cast<size_t>(c.address_part)];
      part += (part.empty() ? "" : ", ") + v;
      return;
    }
    case VcardField::kNone:
      return;
  }
  *slot = v;
}

std::string CsvCard::Render() {
  if (birthday_.empty() && !birth_parts_[0].empty()) {
    auto two = [](const std::string& d) { return d.size() == 1 ? "0" + d : d; };
    birthday_ = NormalizeBirthday(birth_parts_[0] + "-" + two(birth_parts_[1]) + "-" +
                                  two(birth_parts_[2]));
  }
  // FN is never empty (SPEC §3.3): the name, else the organisation, else the
  // first e-mail, else the first number.
  std::string fn = FirstNonEmpty(
      {full_, JoinWords({first_, middle_, last_, suffix_}), org_, first_email_, first_tel_});
  std::string out = FoldLine("BEGIN:VCARD") + FoldLine("VERSION:3.0");
  out += FoldLine("FN:" + EscapeText(fn));
  out += FoldLine("N:" + EscapeText(last_) + ";" + EscapeText(first_) + ";" + EscapeText(middle_) +
                  ";" + EscapeText(prefix_) + ";" + EscapeText(suffix_));
  if (!nickname_.empty()) out += FoldLine("NICKNAME:" + EscapeText(nickname_));
  if (!org_.empty() || !department_.empty()) {
    out += FoldLine("ORG:" + EscapeText(org_) +
                    (department_.empty() ? "" : ";" + EscapeText(department_)));
  }
  if (!title_.empty()) out += FoldLine("TITLE:" + EscapeText(title_));
  for (const std::string& t : tels_) out += FoldLine(t);
  for (const std::string& e : emails_) out += FoldLine(e);
  for (const std::string& g : address_order_) {
    const auto& a = addresses_[g];
    std::string type = g == "WORK" || g == "HOME" ? ";TYPE=" + g : "";
    std::string value;
    for (size_t k = 0; k < a.size(); ++k) value += (k ? ";" : "") + EscapeText(a[k]);
    out += FoldLine("ADR" + type + ":" + value);
  }
  if (!birthday_.empty()) out += FoldLine("BDAY:" + birthday_);
  if (!note_.empty()) out += FoldLine("NOTE:" + EscapeText(note_));
  for (const std::string& u : uids_) out += FoldLine(u);
  out += FoldLine("END:VCARD");
  return out;
}

}  // namespace

std::string CsvRecordToVcard(const CsvColumnMap& columns, const std::vector<std::string>& fields) {
  CsvCard card(fields);
  for (size_t i = 0; i < columns.size(); ++i) {
    std::string_view v = i < fields.size() ? Trim(fields[i]) : std::string_view();
    if (!v.empty()) card.Add(columns[i], std::string(v));
  }
  return card.Render();
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
