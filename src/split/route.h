// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Pass 2 of a run: reads every input again, decides each card (SPEC §4.4)
// with the keys of the whole run known, and hands it to the sink of its
// output. Both passes must see the same bytes: an input rewritten in
// between is an input error.

#ifndef VCSPLIT_SPLIT_ROUTE_H_
#define VCSPLIT_SPLIT_ROUTE_H_

#include <array>

#include "ledger/ledger.h"
#include "phone/keys.h"
#include "split/book_sink.h"
#include "split/decide.h"
#include "split/plan.h"
#include "split/split.h"

namespace vcsplit {

// `sinks` (by Output) are null for a run that writes nothing (check).
// Counts every card in `result`, and lists it there with
// options.report_cards. Throws FatalError(kExitUsage) when an input's bytes
// differ from pass 1.
void RouteCards(RunPlan* plan, const DecideOptions& options, const Ledger& ledger,
                const SharedKeys& shared, PhoneNormalizer* phones,
                const std::array<BookSink*, 3>& sinks, RunProgress* progress, SplitResult* result);

}  // namespace vcsplit

#endif  // VCSPLIT_SPLIT_ROUTE_H_
