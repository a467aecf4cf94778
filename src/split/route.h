// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
//
// Pass 2 of a run: decides each card (SPEC §4.4) from pass 1's log, with
// the keys of the whole run known, and hands its bytes to the sink of its
// output, read again by the log's byte ranges (or parsed again when the
// sinks convert, or the log is not exact). Both passes must see the same
// bytes: an input rewritten in between is an input error. A run that
// writes nothing (check) decides from the log alone.

#ifndef VCSPLIT_SPLIT_ROUTE_H_
#define VCSPLIT_SPLIT_ROUTE_H_

#include <array>

#include "ledger/ledger.h"
#include "phone/keys.h"
#include "split/book_sink.h"
#include "split/collect_keys.h"
#include "split/decide.h"
#include "split/plan.h"
#include "split/split.h"

namespace vcsplit {

// `sinks` (by Output) are null for a run that writes nothing (check);
// `convert`: the sinks need each card parsed (--to vcard). Counts every card
// in `result`, and lists it there with options.report_cards. Throws
// FatalError(kExitUsage) when an input's bytes differ from pass 1.
void RouteCards(RunPlan* plan, const DecideOptions& options, const Ledger& ledger,
                const RunKeys& keys, const std::array<BookSink*, 3>& sinks, bool convert,
                RunProgress* progress, SplitResult* result);

}  // namespace vcsplit

#endif  // VCSPLIT_SPLIT_ROUTE_H_
