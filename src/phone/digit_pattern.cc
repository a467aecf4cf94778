// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "phone/digit_pattern.h"

#include <algorithm>
#include <utility>

namespace vcsplit {

namespace {

constexpr int kInfinite = -1;
constexpr int kMaxCount = 64;      // {n,m} bounds; real patterns stay below 20
constexpr int kMaxDepth = 64;      // group nesting
constexpr size_t kMaxNfa = 40000;  // states
constexpr size_t kMaxDfa = 20000;  // cached states before the cache restarts
constexpr uint16_t kAllDigits = 0x3ff;

struct Node {
  enum Kind { kDigits, kConcat, kAlternation, kRepeat };
  Kind kind = kConcat;
  uint16_t digits = 0;  // kDigits
  int min = 1;          // kRepeat
  int max = 1;          // kRepeat, kInfinite for no bound
  std::vector<std::unique_ptr<Node>> kids;
};

// A recursive-descent parser for the pattern language of the header. Returns
// null on anything it does not know, so an unknown construct can never be
// given a meaning it does not have.
class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}

  std::unique_ptr<Node> ParseAll() {
    std::unique_ptr<Node> n = Alternation(0);
    if (!n || pos_ != p_.size()) return nullptr;
    return n;
  }

 private:
  bool AtEnd() const { return pos_ >= p_.size(); }
  char Peek() const { return p_[pos_]; }

  std::unique_ptr<Node> Alternation(int depth) {
    if (depth > kMaxDepth) return nullptr;
    auto alt = std::make_unique<Node>();
    alt->kind = Node::kAlternation;
    for (;;) {
      std::unique_ptr<Node> branch = Concatenation(depth);
      if (!branch) return nullptr;
      alt->kids.push_back(std::move(branch));
      if (AtEnd() || Peek() != '|') break;
      ++pos_;
    }
    return alt;
  }

  std::unique_ptr<Node> Concatenation(int depth) {
    auto seq = std::make_unique<Node>();
    seq->kind = Node::kConcat;
    while (!AtEnd() && Peek() != '|' && Peek() != ')') {
      std::unique_ptr<Node> atom = Atom(depth);
      if (!atom) return nullptr;
      while (!AtEnd() && (Peek() == '?' || Peek() == '*' || Peek() == '+' || Peek() == '{')) {
        atom = Quantified(std::move(atom));
        if (!atom) return nullptr;
      }
      seq->kids.push_back(std::move(atom));
    }
    return seq;
  }

  std::unique_ptr<Node> Quantified(std::unique_ptr<Node> atom) {
    int min = 0;
    int max = kInfinite;
    char c = p_[pos_++];
    if (c == '?') {
      max = 1;
    } else if (c == '+') {
      min = 1;
    } else if (c == '{') {
      if (!Number(&min)) return nullptr;
      max = min;
      if (!AtEnd() && Peek() == ',') {
        ++pos_;
        max = kInfinite;
        if (!AtEnd() && Peek() != '}' && !Number(&max)) return nullptr;
      }
      if (AtEnd() || Peek() != '}' || (max != kInfinite && max < min)) return nullptr;
      ++pos_;
    }
    // A lazy quantifier matches the same set of whole strings; a possessive
    // one does not, so it is refused.
    if (!AtEnd() && Peek() == '?') ++pos_;
    if (!AtEnd() && Peek() == '+') return nullptr;
    auto rep = std::make_unique<Node>();
    rep->kind = Node::kRepeat;
    rep->min = min;
    rep->max = max;
    rep->kids.push_back(std::move(atom));
    return rep;
  }

  bool Number(int* out) {
    size_t start = pos_;
    int v = 0;
    while (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
      v = v * 10 + (Peek() - '0');
      if (v > kMaxCount) return false;
      ++pos_;
    }
    *out = v;
    return pos_ > start;
  }

  std::unique_ptr<Node> Atom(int depth) {
    char c = p_[pos_];
    if (c >= '0' && c <= '9') {
      ++pos_;
      return DigitsNode(static_cast<uint16_t>(1u << (c - '0')));
    }
    if (c == '\\') {
      if (pos_ + 1 < p_.size() && p_[pos_ + 1] == 'd') {
        pos_ += 2;
        return DigitsNode(kAllDigits);
      }
      return nullptr;
    }
    if (c == '[') return Class();
    if (c == '(') {
      ++pos_;
      if (p_.substr(pos_, 2) == "?:") {
        pos_ += 2;
      } else if (!AtEnd() && Peek() == '?') {
        return nullptr;  // look-around, named groups, flags
      }
      std::unique_ptr<Node> inner = Alternation(depth + 1);
      if (!inner || AtEnd() || Peek() != ')') return nullptr;
      ++pos_;
      return inner;
    }
    return nullptr;
  }

  std::unique_ptr<Node> Class() {
    ++pos_;  // '['
    bool negate = false;
    if (!AtEnd() && Peek() == '^') {
      negate = true;
      ++pos_;
    }
    uint16_t set = 0;
    bool first = true;
    while (!AtEnd() && (Peek() != ']' || first)) {
      first = false;
      char c = Peek();
      if (c == '\\' && pos_ + 1 < p_.size() && p_[pos_ + 1] == 'd') {
        set |= kAllDigits;
        pos_ += 2;
        continue;
      }
      if (c < '0' || c > '9') return nullptr;
      ++pos_;
      char hi = c;
      if (pos_ + 1 < p_.size() && Peek() == '-' && p_[pos_ + 1] != ']') {
        hi = p_[pos_ + 1];
        if (hi < c || hi > '9') return nullptr;
        pos_ += 2;
      }
      for (char d = c; d <= hi; ++d) set = static_cast<uint16_t>(set | (1u << (d - '0')));
    }
    if (AtEnd()) return nullptr;
    ++pos_;  // ']'
    // A negated class also matches every non-digit; inputs are digits only,
    // so within them it is the complement.
    if (negate) set = static_cast<uint16_t>(~set & kAllDigits);
    return DigitsNode(set);
  }

  static std::unique_ptr<Node> DigitsNode(uint16_t set) {
    auto n = std::make_unique<Node>();
    n->kind = Node::kDigits;
    n->digits = set;
    return n;
  }

  std::string_view p_;
  size_t pos_ = 0;
};

}  // namespace

// Builds the NFA backwards: Emit(node, next) returns the first state of a
// fragment that matches `node` and then continues at `next`. Each emission
// creates fresh states, so counted repetitions are simply emitted n times.
class PatternCompiler {
 public:
  explicit PatternCompiler(DigitPattern* out) : out_(out) {}

  bool Build(const Node& root) {
    out_->accept_ = NewState(0, -1, -1);
    out_->start_ = Emit(root, out_->accept_);
    return !too_big_;
  }

 private:
  int NewState(uint16_t digits, int out, int out1) {
    if (out_->nfa_.size() >= kMaxNfa) {
      too_big_ = true;
      return out_->accept_ < 0 ? 0 : out_->accept_;
    }
    out_->nfa_.push_back({digits, out, out1});
    return static_cast<int>(out_->nfa_.size() - 1);
  }

  int Emit(const Node& n, int next) {
    if (too_big_) return next;
    switch (n.kind) {
      case Node::kDigits:
        return NewState(n.digits, next, -1);
      case Node::kConcat:
        for (auto it = n.kids.rbegin(); it != n.kids.rend(); ++it) next = Emit(**it, next);
        return next;
      case Node::kAlternation: {
        int first = Emit(*n.kids[0], next);
        for (size_t i = 1; i < n.kids.size(); ++i)
          first = NewState(0, Emit(*n.kids[i], next), first);
        return first;
      }
      case Node::kRepeat: {
        const Node& body = *n.kids[0];
        int tail = next;
        if (n.max == kInfinite) {
          int loop = NewState(0, -1, next);
          int start = Emit(body, loop);
          if (!too_big_) out_->nfa_[static_cast<size_t>(loop)].out = start;
          tail = loop;
        } else {
          for (int i = n.min; i < n.max; ++i) tail = NewState(0, Emit(body, tail), next);
        }
        for (int i = 0; i < n.min; ++i) tail = Emit(body, tail);
        return tail;
      }
    }
    return next;
  }

  DigitPattern* out_;
  bool too_big_ = false;
};

std::unique_ptr<DigitPattern> DigitPattern::Compile(std::string_view pattern) {
  std::unique_ptr<Node> root = Parser(pattern).ParseAll();
  if (!root) return nullptr;
  std::unique_ptr<DigitPattern> p(new DigitPattern());
  if (!PatternCompiler(p.get()).Build(*root)) return nullptr;
  return p;
}

void DigitPattern::Closure(int state, std::vector<int>* set, std::vector<char>* seen) const {
  std::vector<int> stack{state};
  while (!stack.empty()) {
    int s = stack.back();
    stack.pop_back();
    if (s < 0 || (*seen)[static_cast<size_t>(s)]) continue;
    (*seen)[static_cast<size_t>(s)] = 1;
    const NfaState& st = nfa_[static_cast<size_t>(s)];
    if (st.digits != 0 || s == accept_) {
      set->push_back(s);
    } else {
      stack.push_back(st.out);
      stack.push_back(st.out1);
    }
  }
}

int DigitPattern::Intern(std::vector<int> set) {
  std::sort(set.begin(), set.end());
  auto it = dfa_ids_.find(set);
  if (it != dfa_ids_.end()) return it->second;
  DfaState d;
  d.next.fill(-1);
  for (int s : set) d.accepting = d.accepting || s == accept_;
  int id = static_cast<int>(dfa_.size());
  dfa_.push_back(d);
  dfa_sets_.push_back(&dfa_ids_.emplace(std::move(set), id).first->first);
  return id;
}

void DigitPattern::ResetDfa() {
  dfa_.clear();
  dfa_sets_.clear();
  dfa_ids_.clear();
  std::vector<int> set;
  std::vector<char> seen(nfa_.size(), 0);
  Closure(start_, &set, &seen);
  dfa_start_ = Intern(std::move(set));
}

bool DigitPattern::FullMatch(std::string_view digits) {
  // A match adds at most one state per digit; restart the cache rather than
  // let it grow without bound.
  if (dfa_start_ < 0 || dfa_.size() + digits.size() + 1 > kMaxDfa) ResetDfa();
  int s = dfa_start_;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    size_t d = static_cast<size_t>(c - '0');
    int next = dfa_[static_cast<size_t>(s)].next[d];
    if (next < 0) {
      std::vector<int> to;
      std::vector<char> seen(nfa_.size(), 0);
      for (int x : *dfa_sets_[static_cast<size_t>(s)]) {
        const NfaState& st = nfa_[static_cast<size_t>(x)];
        if (st.digits & (1u << d)) Closure(st.out, &to, &seen);
      }
      next = Intern(std::move(to));
      dfa_[static_cast<size_t>(s)].next[d] = next;
    }
    s = next;
  }
  return dfa_[static_cast<size_t>(s)].accepting;
}

}  // namespace vcsplit
