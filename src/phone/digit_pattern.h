// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Whole-string matching of ASCII digit strings against the small regular
// expression language of libphonenumber's number patterns: digits, \d,
// character classes with ranges, (?:...) and (...) groups, alternation and the
// quantifiers ? * + {n} {n,} {n,m}. Whether a string matches the whole of a
// regular expression does not depend on the engine, so the answer equals
// ICU's. Compiled to a Thompson NFA and run as a DFA built lazily over the
// ten digits: a match costs one table lookup per digit once warm.

#ifndef VCSPLIT_DIGIT_PATTERN_H_
#define VCSPLIT_DIGIT_PATTERN_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vcsplit {

class DigitPattern {
 public:
  // Null when `pattern` uses anything outside the language above or would
  // compile to an unreasonably large automaton; callers then fall back.
  static std::unique_ptr<DigitPattern> Compile(std::string_view pattern);

  // True when `digits` (ASCII 0-9 only) matches the whole pattern. Any other
  // character never matches.
  bool FullMatch(std::string_view digits);

  size_t nfa_states() const { return nfa_.size(); }
  size_t dfa_states() const { return dfa_.size(); }

 private:
  struct NfaState {
    uint16_t digits = 0;  // bit d set: consumes digit d and goes to `out`
    int out = -1;         // digits == 0: epsilon edges out and out1
    int out1 = -1;
  };
  struct DfaState {
    std::array<int32_t, 10> next;
    bool accepting = false;
  };

  DigitPattern() = default;
  int Intern(std::vector<int> set);
  void Closure(int state, std::vector<int>* set, std::vector<char>* seen) const;
  void ResetDfa();

  friend class PatternCompiler;
  std::vector<NfaState> nfa_;
  int start_ = -1;
  int accept_ = -1;
  std::vector<DfaState> dfa_;
  std::vector<const std::vector<int>*> dfa_sets_;  // the NFA states of each (keys of dfa_ids_)
  std::map<std::vector<int>, int> dfa_ids_;
  int dfa_start_ = -1;
};

}  // namespace vcsplit

#endif  // VCSPLIT_DIGIT_PATTERN_H_
