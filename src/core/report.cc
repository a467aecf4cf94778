// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include <nlohmann/json.hpp>

#include "vcsplit/split.h"

namespace vcsplit {

std::string RenderReport(const SplitResult& r, const std::string& command, bool with_cards) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["tool"] = "vcsplit";
  j["version"] = VCSPLIT_VERSION;
  j["command"] = command;
  j["as_of"] = r.as_of;
  j["purpose"] = r.purpose.empty() ? ordered_json(nullptr) : ordered_json(r.purpose);
  j["region"] = r.region;

  ordered_json inputs = ordered_json::array();
  for (const auto& in : r.inputs) {
    ordered_json item = {{"path", in.path}, {"format", in.format}};
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

  ordered_json outputs = ordered_json::object();
  for (Output o : {Output::kNative, Output::kSecondary, Output::kRejects}) {
    const auto& info = r.outputs[static_cast<size_t>(o)];
    outputs[OutputName(o)] = {{"path", info.path}, {"cards", info.cards}, {"sha256", info.sha256}};
  }
  j["outputs"] = outputs;

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

}  // namespace vcsplit
