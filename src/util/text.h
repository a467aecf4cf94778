// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Small text helpers shared by the readers and the ledger. All functions are
// pure and take and return bytes; "UTF-8" in a name means the function
// expects or produces UTF-8.

#ifndef VCSPLIT_TEXT_H_
#define VCSPLIT_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace vcsplit {

// Strips ASCII white space (space, tab, CR, LF, VT, FF) from both ends.
std::string_view Trim(std::string_view s);

std::string AsciiLower(std::string_view s);
// ASCII letters upper-cased, every other byte kept.
std::string AsciiUpper(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);

// Unicode lower-casing of UTF-8 text (root locale). Invalid UTF-8 sequences
// are replaced by U+FFFD, so two different invalid inputs may compare equal;
// callers only use the result as a matching key.
std::string Utf8Lower(std::string_view s);

// Lower-cases and collapses every run of white space to one space, trimmed:
// the form in which two contact names are compared (SPEC §4.4).
std::string NormalizeName(std::string_view s);

// Converts `bytes` in charset `charset` (an IANA or common name such as
// "ISO-8859-1", "Windows-1252", "Shift_JIS") to UTF-8. An empty charset means
// UTF-8 already. Returns false when the charset is unknown; undecodable bytes
// become U+FFFD.
bool ToUtf8(std::string_view bytes, std::string_view charset, std::string* out);

// Decodes quoted-printable: `=XX` becomes a byte, `=` before a line break (or
// at the end) is a soft break and disappears. Malformed `=` sequences are kept.
std::string DecodeQuotedPrintable(std::string_view s);

// Resolves vCard text escapes `\n \N \\ \, \;` (and `\:`); any other backslash
// sequence is kept literally (SPEC §3.1).
std::string UnescapeVcardText(std::string_view s);

bool IsValidUtf8(std::string_view s);

// The candidate closest to `word` (case-insensitive edit distance, a swap of
// two neighbours counting once), when it is close enough to be a likely
// typo: at most one edit for short words, two for longer ones. Empty when
// none is.
std::string ClosestWord(std::string_view word, const std::vector<std::string>& candidates);

// `word` quoted for a message ('givne'), cut to 40 bytes, with
// " (did you mean 'given'?)" when ClosestWord finds one.
std::string QuoteWithSuggestion(std::string_view word, const std::vector<std::string>& candidates);

// `value` made safe as XML (and HTML) text or attribute value: & < > " '
// as character references, control characters other than tab, CR and LF
// (which XML cannot hold) as a space.
std::string XmlEscape(std::string_view value);

}  // namespace vcsplit

#endif  // VCSPLIT_TEXT_H_
