// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// The columns of a CSV address book, classified once per header: which hold
// keys and names (SPEC §3.2), and what each becomes in a vCard (§3.3). The
// reader builds one CsvColumnMap from the header; the keys of every record,
// the conversion to vCard and diff's canonical form all read it, so a column
// is never classified twice or two ways.

#ifndef VCSPLIT_CSV_CSV_COLUMNS_H_
#define VCSPLIT_CSV_CSV_COLUMNS_H_

#include <optional>
#include <string>
#include <vector>

namespace vcsplit {

// What a column holds for the split, by its name (case-insensitive), for the
// dialects of SPEC §3.2 and generic exports.
enum class ColumnRole {
  kOther,
  kPhone,
  kEmail,
  kUid,
  kFullName,
  kFirstName,
  kMiddleName,
  kLastName
};
ColumnRole ClassifyColumn(const std::string& header_name);

// What a column becomes in a vCard 3.0 card (SPEC §3.3), beyond its role.
enum class VcardField {
  kNone,
  kPrefix,
  kSuffix,
  kNickname,
  kOrg,
  kDepartment,
  kTitle,
  kNote,
  kBirthday,
  kBirthYear,  // Thunderbird's separate birth date columns
  kBirthMonth,
  kBirthDay,
  kAddress,
};

// The parts of an ADR value, in its order after the PO box.
enum class AddressPart { kPoBox, kExtended, kStreet, kCity, kRegion, kPostal, kCountry };

struct CsvColumn {
  std::string name;   // as in the header, UTF-8, trimmed
  std::string lower;  // `name` lower-cased
  ColumnRole role = ColumnRole::kOther;
  VcardField field = VcardField::kNone;
  std::string address_group;  // kAddress: WORK, HOME, OTHER or Google's "address 1"
  AddressPart address_part = AddressPart::kStreet;
  // TEL/EMAIL types this column's name suggests ("Mobile Phone" -> CELL).
  std::vector<std::string> types;
  // For a Google "X N - Value" column: the index of its "X N - Type" or
  // "X N - Label" column, whose cell types the value; -1 if none.
  int label_column = -1;
};

// Which columns a user named for keys (SPEC §3.2: --phone-columns,
// --email-columns, --uid-column), replacing detection by name.
struct KeyColumnOptions {
  bool no_header = false;  // columns are named 1, 2, 3, ...
  std::vector<std::string> phone_columns;
  std::vector<std::string> email_columns;
  std::optional<std::string> uid_column;
};

class CsvColumnMap {
 public:
  // Classifies `names` (UTF-8). Returns the first column named in `options`
  // that is not among them (as written), or nullopt when all are.
  static std::optional<std::string> Build(const std::vector<std::string>& names,
                                          const KeyColumnOptions& options, CsvColumnMap* map);

  const std::vector<CsvColumn>& columns() const { return columns_; }
  size_t size() const { return columns_.size(); }
  const CsvColumn& operator[](size_t i) const { return columns_[i]; }

  // True when some column holds phones, e-mails or UIDs.
  bool HasKeyColumn() const;
  // Names of the columns with `role`, for --verbose.
  std::vector<std::string> NamesOf(ColumnRole role) const;
  // google, outlook, outlook-de, thunderbird or generic.
  const std::string& dialect() const { return dialect_; }

 private:
  std::vector<CsvColumn> columns_;
  std::string dialect_ = "generic";
};

// The values of a cell that joins several with " ::: " (Google), trimmed,
// empty ones dropped.
std::vector<std::string> SplitMultiValue(const std::string& cell);

}  // namespace vcsplit

#endif  // VCSPLIT_CSV_CSV_COLUMNS_H_
