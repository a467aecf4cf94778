// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "split/split.h"

namespace vcsplit {

std::string RenderReport(const SplitResult& r, const std::string& command, bool with_cards) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["tool"] = "vcsplit";
  j["version"] = VCSPLIT_VERSION;
  j["command"] = command;
  if (!r.started.empty()) j["started"] = r.started;
  j["as_of"] = r.as_of;
  j["purpose"] = r.purpose.empty() ? ordered_json(nullptr) : ordered_json(r.purpose);
  j["region"] = r.region;

  ordered_json inputs = ordered_json::array();
  for (const auto& in : r.inputs) {
    ordered_json item = {{"path", in.path}, {"format", BookFormatName(in.format)}};
    if (!in.dialect.empty()) item["dialect"] = in.dialect;
    if (!in.encoding.empty()) item["encoding"] = in.encoding;
    item["sha256"] = in.sha256;
    item["cards"] = in.cards;
    inputs.push_back(item);
  }
  j["inputs"] = inputs;

  j["ledger"] = {{"paths", r.ledger_paths},
                 {"sha256", r.ledger_sha256},
                 {"events", r.ledger_events},
                 {"warnings", r.ledger_warnings}};
  ordered_json heads = ordered_json::array();
  for (const std::string& h : r.ledger_chain_heads) {
    heads.push_back(h.empty() ? ordered_json(nullptr) : ordered_json(h));
  }
  j["ledger"]["chain_heads"] = heads;

  // A run that wrote nothing (check) names no files that do not exist.
  if (r.wrote_outputs) {
    ordered_json outputs = ordered_json::object();
    for (Output o : {Output::kNative, Output::kSecondary, Output::kRejects}) {
      const auto& info = r.outputs[static_cast<size_t>(o)];
      outputs[OutputName(o)] = {
          {"path", info.path}, {"cards", info.cards}, {"sha256", info.sha256}};
    }
    j["outputs"] = outputs;
  }

  j["counts"] = {{"cards", r.cards},
                 {"native", r.counts[static_cast<size_t>(Output::kNative)]},
                 {"secondary", r.counts[static_cast<size_t>(Output::kSecondary)]},
                 {"rejected", r.counts[static_cast<size_t>(Output::kRejects)]}};

  ordered_json reasons = ordered_json::object();
  for (int i = 0; i < kReasonCount; ++i) {
    reasons[ReasonName(static_cast<Reason>(i))] = r.reasons[static_cast<size_t>(i)];
  }
  j["reasons"] = reasons;

  ordered_json warnings = ordered_json::array();
  for (const Diagnostic& d : r.warnings) {
    warnings.push_back({{"file", d.file}, {"line", d.line}, {"message", d.message}});
  }
  j["warnings"] = warnings;

  if (with_cards) {
    ordered_json cards = ordered_json::array();
    for (const auto& c : r.card_list) {
      cards.push_back({{"input", c.input},
                       {"line", c.line},
                       {"output", OutputName(c.output)},
                       {"reason", ReasonName(c.reason)},
                       {"matched_key",
                        c.matched ? ordered_json(c.matched->ToString()) : ordered_json(nullptr)}});
    }
    j["cards"] = cards;
  }
  return j.dump(2) + "\n";
}

namespace {

std::string Megabytes(uint64_t bytes) {
  return fmt::format("{:.1f}", static_cast<double>(bytes) / 1e6);
}

std::string Elapsed(double seconds) {
  long long s = std::llround(seconds);
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
}

}  // namespace

std::string FormatProgress(const SplitProgress& p, double seconds) {
  std::string text = p.pass == 1 ? "reading keys (1/2): " : "splitting (2/2): ";
  // Each pass reads every input once: show the bytes of this pass.
  uint64_t input = p.total_bytes / 2;
  uint64_t in_pass = p.pass == 2 && p.bytes >= input ? p.bytes - input : p.bytes;
  if (p.total_bytes > 0) {
    text += fmt::format("{} of {} MB", Megabytes(in_pass), Megabytes(input));
  } else {
    text += fmt::format("{} MB", Megabytes(in_pass));
  }
  text += fmt::format(", {} {}", p.cards, p.cards == 1 ? "card" : "cards");
  if (seconds >= 0.05) {
    double rate = static_cast<double>(p.bytes) / seconds;
    text += fmt::format(", {} MB/s", Megabytes(static_cast<uint64_t>(rate)));
    if (p.total_bytes > 0) {
      double share = static_cast<double>(p.bytes) / static_cast<double>(p.total_bytes);
      text += fmt::format(", {:.0f}% done", share * 100);
      if (p.total_bytes > p.bytes && rate > 0) {
        text += ", ETA " + Elapsed(static_cast<double>(p.total_bytes - p.bytes) / rate);
      }
    }
  }
  return text;
}

}  // namespace vcsplit
