// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "csv/csv_columns.h"

#include <algorithm>

#include "util/text.h"

namespace vcsplit {

namespace {

bool Has(const std::string& h, const char* part) { return h.find(part) != std::string::npos; }
bool EndsWith(const std::string& h, const std::string& suffix) {
  return h.size() >= suffix.size() &&
         h.compare(h.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool StartsWith(const std::string& h, const char* prefix) { return h.rfind(prefix, 0) == 0; }

// TYPE values a column name suggests for its numbers or addresses.
std::vector<std::string> TypesFromName(const std::string& h, bool phone) {
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

// An address column: "Business City" -> {WORK, city}.
bool AddressColumn(const std::string& h, CsvColumn* column) {
  bool google = StartsWith(h, "address ") && Has(h, " - ");
  bool any = google || Has(h, "street") || Has(h, "straße") || Has(h, "strasse") ||
             Has(h, "city") || StartsWith(h, "ort ") || Has(h, "state") || Has(h, "postal") ||
             Has(h, "zip") || Has(h, "postleitzahl") || Has(h, "country") ||
             Has(h, "land/region") || Has(h, "home address") || Has(h, "work address") ||
             (Has(h, "region") && !Has(h, "land"));
  if (!any || Has(h, "formatted") || Has(h, "- type") || Has(h, "label")) return false;
  if (google) {
    column->address_group = h.substr(0, h.find(" - "));
  } else if (Has(h, "business") || Has(h, "work") || Has(h, "geschäftlich")) {
    column->address_group = "WORK";
  } else if (Has(h, "home") || Has(h, "privat")) {
    column->address_group = "HOME";
  } else {
    column->address_group = "OTHER";
  }
  if (Has(h, "country") || Has(h, "land/region") || StartsWith(h, "land")) {
    column->address_part = AddressPart::kCountry;
  } else if (Has(h, "postal") || Has(h, "zip") || Has(h, "postleitzahl")) {
    column->address_part = AddressPart::kPostal;
  } else if (Has(h, "city") || StartsWith(h, "ort ")) {
    column->address_part = AddressPart::kCity;
  } else if (Has(h, "state") || Has(h, "region")) {
    column->address_part = AddressPart::kRegion;
  } else if (Has(h, "po box") || Has(h, "postfach")) {
    column->address_part = AddressPart::kPoBox;
  } else if (Has(h, "extended")) {
    column->address_part = AddressPart::kExtended;
  } else {
    column->address_part = AddressPart::kStreet;
  }
  return true;
}

// What a column that is neither a key nor a name becomes in a vCard.
VcardField FieldOf(const std::string& h, CsvColumn* column) {
  if (h == "name prefix" || h == "anrede" || h == "title") return VcardField::kPrefix;
  if (h == "name suffix" || h == "suffix") return VcardField::kSuffix;
  if (h == "nickname" || h == "spitzname") return VcardField::kNickname;
  if (h == "company" || h == "firma" || h == "organization 1 - name" || h == "organization" ||
      h == "organisation") {
    return VcardField::kOrg;
  }
  if (h == "department" || h == "abteilung" || h == "organization 1 - department") {
    return VcardField::kDepartment;
  }
  if (h == "job title" || h == "position" || h == "organization 1 - title" ||
      h == "berufsbezeichnung") {
    return VcardField::kTitle;
  }
  if (h == "notes" || h == "note" || h == "notizen" || h == "notiz") return VcardField::kNote;
  if (h == "birthday" || h == "geburtstag") return VcardField::kBirthday;
  if (h == "birth year") return VcardField::kBirthYear;
  if (h == "birth month") return VcardField::kBirthMonth;
  if (h == "birth day") return VcardField::kBirthDay;
  if (AddressColumn(h, column)) return VcardField::kAddress;
  return VcardField::kNone;
}

}  // namespace

std::vector<std::string> SplitMultiValue(const std::string& cell) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t at = cell.find(" ::: ", start);
    std::string_view v = Trim(std::string_view(cell).substr(
        start, at == std::string::npos ? std::string::npos : at - start));
    if (!v.empty()) out.emplace_back(v);
    if (at == std::string::npos) break;
    start = at + 5;
  }
  return out;
}

ColumnRole ClassifyColumn(const std::string& name) {
  std::string h = Utf8Lower(Trim(name));
  if (h == "uid") return ColumnRole::kUid;
  // Type, label and display-name columns sit beside the values; they are not keys.
  bool descriptive = EndsWith(h, " - type") || EndsWith(h, " - label") || Has(h, "typ") ||
                     Has(h, "display") || Has(h, "anzeige") || Has(h, "angezeigt");
  if (!descriptive) {
    if (Has(h, "e-mail") || Has(h, "email") || h == "mail") return ColumnRole::kEmail;
    if (Has(h, "phone") || Has(h, "telefon") || Has(h, "mobile") || Has(h, "handy") || h == "fax" ||
        StartsWith(h, "fax ") || EndsWith(h, " fax") || Has(h, " fax ") || EndsWith(h, "_fax") ||
        h == "pager" || h == "pager number" || h == "callback" || h == "telex" || h == "isdn" ||
        h == "rückmeldung") {
      return ColumnRole::kPhone;
    }
  }
  if (h == "display name" || h == "name" || h == "full name" || h == "formatted name") {
    return ColumnRole::kFullName;
  }
  if (h == "first name" || h == "given name" || h == "vorname" || h == "first") {
    return ColumnRole::kFirstName;
  }
  if (h == "middle name" || h == "additional name" || h == "weitere vornamen" || h == "middle") {
    return ColumnRole::kMiddleName;
  }
  if (h == "last name" || h == "family name" || h == "nachname" || h == "last") {
    return ColumnRole::kLastName;
  }
  return ColumnRole::kOther;
}

std::optional<std::string> CsvColumnMap::Build(const std::vector<std::string>& names,
                                               const KeyColumnOptions& options, CsvColumnMap* map) {
  std::vector<CsvColumn>& columns = map->columns_;
  columns.assign(names.size(), CsvColumn());
  for (size_t i = 0; i < names.size(); ++i) {
    CsvColumn& c = columns[i];
    c.name = options.no_header ? std::to_string(i + 1) : std::string(Trim(names[i]));
    c.lower = Utf8Lower(c.name);
    if (!options.no_header) c.role = ClassifyColumn(names[i]);
  }
  // Columns named on the command line replace detection for their kind.
  auto assign = [&](const std::vector<std::string>& wanted,
                    ColumnRole role) -> std::optional<std::string> {
    if (wanted.empty()) return std::nullopt;
    for (CsvColumn& c : columns) {
      if (c.role == role) c.role = ColumnRole::kOther;
    }
    for (const std::string& w : wanted) {
      std::string lower = Utf8Lower(Trim(w));
      bool found = false;
      for (CsvColumn& c : columns) {
        if (c.lower == lower) {
          c.role = role;
          found = true;
        }
      }
      if (!found) return w;
    }
    return std::nullopt;
  };
  std::optional<std::string> missing = assign(options.phone_columns, ColumnRole::kPhone);
  if (!missing) missing = assign(options.email_columns, ColumnRole::kEmail);
  if (!missing && options.uid_column) missing = assign({*options.uid_column}, ColumnRole::kUid);
  if (missing) return missing;

  for (size_t i = 0; i < columns.size(); ++i) {
    CsvColumn& c = columns[i];
    if (c.role == ColumnRole::kPhone || c.role == ColumnRole::kEmail) {
      c.types = TypesFromName(c.lower, c.role == ColumnRole::kPhone);
      // Google: "Phone 1 - Value" is typed by "Phone 1 - Label" (current
      // exports) or "Phone 1 - Type" (older ones).
      if (EndsWith(c.lower, " - value")) {
        std::string stem = c.lower.substr(0, c.lower.size() - 8);
        for (size_t k = 0; k < columns.size(); ++k) {
          if (columns[k].lower == stem + " - label" || columns[k].lower == stem + " - type") {
            c.label_column = static_cast<int>(k);
          }
        }
      }
    } else if (c.role == ColumnRole::kOther) {
      c.field = FieldOf(c.lower, &c);
    }
  }

  std::string joined;
  for (const CsvColumn& c : columns) joined += c.lower + "|";
  if (Has(joined, " - value|")) {
    map->dialect_ = "google";
  } else if (Has(joined, "e-mail-adresse|") || Has(joined, "vorname|")) {
    map->dialect_ = "outlook-de";
  } else if (Has(joined, "e-mail address|")) {
    map->dialect_ = "outlook";
  } else if (Has(joined, "primary email|")) {
    map->dialect_ = "thunderbird";
  } else {
    map->dialect_ = "generic";
  }
  return std::nullopt;
}

bool CsvColumnMap::HasKeyColumn() const {
  return std::any_of(columns_.begin(), columns_.end(), [](const CsvColumn& c) {
    return c.role == ColumnRole::kPhone || c.role == ColumnRole::kEmail ||
           c.role == ColumnRole::kUid;
  });
}

std::vector<std::string> CsvColumnMap::NamesOf(ColumnRole role) const {
  std::vector<std::string> out;
  for (const CsvColumn& c : columns_) {
    if (c.role == role) out.push_back(c.name);
  }
  return out;
}

}  // namespace vcsplit
