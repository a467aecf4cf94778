// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// One vCard content line, `[group.]NAME[;params]:value`, and the collection
// of the values that matter for a split (TEL, EMAIL, UID, FN, N, VERSION and
// inline AGENT cards) into a Person. Used by the streaming reader on unfolded
// logical lines, and recursively on the text of 3.0 inline AGENT values.

#ifndef VCSPLIT_VCARD_PROPERTY_H_
#define VCSPLIT_VCARD_PROPERTY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "book/card.h"
#include "vcsplit/diagnostics.h"

namespace vcsplit {

struct Property {
  std::string group;  // as written, empty if none
  std::string name;   // upper-cased ASCII
  // Parameters in order: {NAME, value} with NAME upper-cased; a bare 2.1
  // parameter (`TEL;WORK;VOICE`) is {"", token}. Quotes are removed and
  // RFC 6868 caret escapes resolved.
  std::vector<std::pair<std::string, std::string>> params;
  std::string_view value;  // points into the line given to ParseProperty
  bool quoted_printable = false;
  bool base64 = false;
  std::string charset;  // empty if none
};

// The end of the name of `line`: its first ';' or ':', npos when none.
// (A plain loop: find_first_of calls memchr once per byte.)
inline size_t FindNameEnd(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ';' || line[i] == ':') return i;
  }
  return std::string_view::npos;
}

// The colon that starts the value of `line`: the first one after
// `name_end` (the end of the name) outside double quotes, else, when the
// quotes do not balance, the first one after `name_end`. npos when none.
size_t FindValueColon(std::string_view line, size_t name_end);

// Parses one logical line. Returns false when it has no colon. `*prop`
// points into `line`, which must outlive it.
bool ParseProperty(std::string_view line, Property* prop);

// The same, for the readers' key scan: a property whose name is none that
// the readers collect (TEL, EMAIL, UID, FN, N, VERSION, AGENT, BEGIN, END)
// and whose parameters cannot say QUOTED-PRINTABLE or BASE64 (they hold no
// letter b or q) gets only its value; its group, name and parameters are
// left empty, and it is skipped without building them.
bool ParseKeyProperty(std::string_view line, Property* prop);

// Decodes the value of `prop` to UTF-8 text: quoted-printable, then CHARSET.
// Does not resolve text escapes. Returns false for base64 values, which hold
// no text that matters here.
bool DecodePropertyText(const Property& prop, std::string* out);

// Adds what `prop` says about people[index] (a key, a name, the version, an
// inline AGENT card, which becomes a new Person) to `people`. `value_capped`:
// the line was too long to keep whole, so its value is ignored with a
// warning.
void CollectProperty(const Property& prop, bool value_capped, uint64_t line,
                     const std::string& display, Reporter* reporter, std::vector<Person>* people,
                     int index);

}  // namespace vcsplit

#endif  // VCSPLIT_VCARD_PROPERTY_H_
