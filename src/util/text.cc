// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "util/text.h"

#include <algorithm>
#include <memory>

#include <unicode/ucasemap.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

namespace vcsplit {

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Replaces invalid UTF-8 by U+FFFD so that ICU functions see valid input.
std::string SanitizeUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  int32_t i = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s.data() + start, static_cast<size_t>(i - start));
    }
  }
  return out;
}

}  // namespace

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::string Utf8Lower(std::string_view s) {
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return AsciiLower(s);
  std::string in = SanitizeUtf8(s);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCaseMap, decltype(&ucasemap_close)> map(ucasemap_open("", 0, &status),
                                                           &ucasemap_close);
  if (U_FAILURE(status)) return AsciiLower(s);
  std::string out(in.size() * 2 + 8, '\0');
  int32_t len = ucasemap_utf8ToLower(map.get(), out.data(), static_cast<int32_t>(out.size()),
                                     in.data(), static_cast<int32_t>(in.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    out.assign(static_cast<size_t>(len), '\0');
    len = ucasemap_utf8ToLower(map.get(), out.data(), static_cast<int32_t>(out.size()), in.data(),
                               static_cast<int32_t>(in.size()), &status);
  }
  if (U_FAILURE(status)) return AsciiLower(s);
  out.resize(static_cast<size_t>(len));
  return out;
}

std::string NormalizeName(std::string_view s) {
  std::string lowered = Utf8Lower(Trim(s));
  std::string out;
  out.reserve(lowered.size());
  bool in_space = false;
  for (char c : lowered) {
    if (IsSpace(c)) {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out += ' ';
    in_space = false;
    out += c;
  }
  return out;
}

bool ToUtf8(std::string_view bytes, std::string_view charset, std::string* out) {
  std::string cs = AsciiLower(Trim(charset));
  if (cs.empty() || cs == "utf-8" || cs == "utf8") {
    *out = SanitizeUtf8(bytes);
    return true;
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> conv(ucnv_open(cs.c_str(), &status),
                                                          &ucnv_close);
  if (U_FAILURE(status)) return false;
  // UTF-16 intermediate, then UTF-8.
  std::u16string wide(bytes.size() * 2 + 4, u'\0');
  status = U_ZERO_ERROR;
  int32_t wlen = ucnv_toUChars(conv.get(), wide.data(), static_cast<int32_t>(wide.size()),
                               bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return false;
  wide.resize(static_cast<size_t>(wlen));
  out->clear();
  out->reserve(wide.size() * 3);
  const char16_t* w = wide.data();
  const auto wn = static_cast<int32_t>(wide.size());
  int32_t i = 0;
  // ICU's UTF macros mix signed and unsigned code points.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"
  while (i < wn) {
    UChar32 c;
    U16_NEXT(w, i, wn, c);
    if (U_IS_SURROGATE(c)) c = 0xFFFD;
    char buf[4];
    int32_t k = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), k, 4, c, err);
    if (!err) out->append(buf, static_cast<size_t>(k));
  }
#pragma GCC diagnostic pop
  return true;
}

std::string DecodeQuotedPrintable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '=') {
      out += c;
      continue;
    }
    if (i + 1 >= s.size()) break;  // trailing soft break
    if (s[i + 1] == '\r' || s[i + 1] == '\n') {
      // soft break: skip "=\r\n", "=\n", "=\r"
      ++i;
      if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      continue;
    }
    int hi = HexValue(s[i + 1]);
    int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
    if (hi >= 0 && lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
      continue;
    }
    out += c;  // malformed: keep the '=' literally
  }
  return out;
}

std::string UnescapeVcardText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      continue;
    }
    char n = s[i + 1];
    switch (n) {
      case 'n':
      case 'N':
        out += '\n';
        ++i;
        break;
      case '\\':
      case ',':
      case ';':
      case ':':
        out += n;
        ++i;
        break;
      default:
        out += c;  // invalid escape: keep the backslash literally
    }
  }
  return out;
}

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of two neighbours each cost one.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

constexpr size_t kMaxQuoted = 40;

}  // namespace

std::string ClosestWord(std::string_view word, const std::vector<std::string>& candidates) {
  std::string w = Utf8Lower(Trim(word));
  if (w.empty() || w.size() > 64) return "";
  size_t allowed = w.size() <= 4 ? 1 : 2;
  std::string best;
  size_t best_distance = allowed + 1;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(w, Utf8Lower(c));
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string QuoteWithSuggestion(std::string_view word, const std::vector<std::string>& candidates) {
  std::string_view w = Trim(word);
  std::string quoted =
      "'" + std::string(w.substr(0, kMaxQuoted)) + (w.size() > kMaxQuoted ? "..." : "") + "'";
  std::string closest = ClosestWord(w, candidates);
  if (!closest.empty()) quoted += " (did you mean '" + closest + "'?)";
  return quoted;
}

std::string XmlEscape(std::string_view value) {
  std::string out;
  for (char c : value) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // Control characters other than tab and line breaks are not XML.
        bool control = static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
        out += control ? ' ' : c;
    }
  }
  return out;
}

}  // namespace vcsplit
