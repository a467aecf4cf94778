// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// `--to vcard` (SPEC §3.3): writes vCard 3.0 in UTF-8 with CRLF line breaks
// and lines folded at 75 octets, the form phone importers accept best. CSV
// records are mapped column by column; vCard 2.1 cards are decoded
// (quoted-printable, CHARSET) and rewritten; 3.0 and 4.0 cards pass through
// unchanged. This is the one place where bytes change.

#ifndef VCSPLIT_CONVERT_H_
#define VCSPLIT_CONVERT_H_

#include <string>
#include <string_view>
#include <vector>

#include "book/card.h"
#include "csv/csv_columns.h"

namespace vcsplit {

// Folds one content line (without its line break) at 75 octets, never inside
// a UTF-8 sequence, and ends it with CRLF.
std::string FoldLine(std::string_view line);

// Escapes a text value for vCard 3.0: backslash, comma, semicolon, newline.
std::string EscapeText(std::string_view value);

// A CSV record as a vCard 3.0 card: `fields` (UTF-8) read by the header's
// column map. Google's Label/Type cells type the numbers and e-mails (a
// custom label becomes itemN.X-ABLabel), the others take their column's
// types; FN is never empty.
std::string CsvRecordToVcard(const CsvColumnMap& columns, const std::vector<std::string>& fields);
// The same for a header given by its column names (UTF-8), classified with
// no key columns named.
std::string CsvRecordToVcard(const std::vector<std::string>& header,
                             const std::vector<std::string>& fields);

// A birthday as YYYY-MM-DD, from `1981-02-14`, `14.2.1981` or `2/14/1981`;
// empty for Outlook's fillers (`0/0/00`, `0.0.00`) and anything unreadable.
std::string NormalizeBirthday(std::string_view written);

// A vCard card (its raw bytes) as vCard 3.0: 2.1 cards rewritten, nested 2.1
// cards turned into inline AGENT values, 3.0/4.0 cards returned unchanged
// (with a CRLF added when the card ends without a line break).
std::string VcardTo30(const std::string& raw);

}  // namespace vcsplit

#endif  // VCSPLIT_CONVERT_H_
