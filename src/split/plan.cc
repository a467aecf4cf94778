// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/plan.h"

#include <map>

#include <fmt/format.h>
#include <sys/stat.h>

#include "io/output.h"
#include "phone/keys.h"
#include "vcsplit/error.h"

namespace vcsplit {

namespace {

void CheckDecideOptions(const DecideOptions& options, RunPlan* plan) {
  if (options.inputs.empty()) ThrowUsage("no input given");
  if (options.ledgers.empty()) ThrowUsage("no ledger given (--ledger FILE)");
  PhoneNormalizer::CheckRegion(options.region);
  plan->ledger = MakeLedgerOptions(options.purpose, options.as_of, options.max_age);
}

// Opens every input; all must have one format unless `to_vcard`.
void OpenInputs(const DecideOptions& options, bool to_vcard, RunPlan* plan) {
  bool stdin_used = false;
  for (const std::string& path : options.inputs) {
    if (path == "-" && stdin_used) ThrowUsage("standard input given twice");
    stdin_used = stdin_used || path == "-";
    // One file given twice would put every card of it twice into a book.
    struct stat st;
    if (path != "-" && ::stat(path.c_str(), &st) == 0) {
      for (const Book& earlier : plan->inputs) {
        if (earlier.source->SameFile(st.st_dev, st.st_ino)) {
          ThrowUsage(fmt::format("{}: the same file as input {}; name each input once", path,
                                 earlier.display));
        }
      }
    }
    plan->inputs.push_back(OpenBook(path, options.books.format));
  }
  const Book& first = plan->inputs.front();
  for (const Book& in : plan->inputs) {
    if (in.format == first.format) continue;
    if (!to_vcard) {
      ThrowUsage(fmt::format("{} is {} but {} is {}; all inputs of a run must have one format",
                             in.display, BookFormatName(in.format), first.display,
                             BookFormatName(first.format)));
    }
    plan->mixed = true;
  }
}

// native, secondary, rejects: the name without its extension, which only
// the inputs' format decides.
std::array<std::string, 3> OutputStems(const SplitOptions& options) {
  return {options.native_path ? *options.native_path : options.out_dir + "/native",
          options.secondary_path ? *options.secondary_path : options.out_dir + "/secondary",
          options.rejects_path ? *options.rejects_path : options.out_dir + "/rejects"};
}

// A device or FIFO where an output goes is refused before any input is
// read (AtomicOutput opens and checks it again later, by descriptor): at the
// derived names a book may get, whatever the inputs' format, and at named
// paths that are another user's.
void CheckOutputTargets(const SplitOptions& options) {
  std::array<std::string, 3> stems = OutputStems(options);
  const std::array<bool, 3> named = {options.native_path.has_value(),
                                     options.secondary_path.has_value(),
                                     options.rejects_path.has_value()};
  for (size_t i = 0; i < 3 && !options.dry_run; ++i) {
    if (named[i]) {
      CheckOutputTarget(stems[i], AtomicOutput::Naming::kNamed);
    } else {
      for (const char* ext : {".vcf", ".csv"}) {
        CheckOutputTarget(stems[i] + ext, AtomicOutput::Naming::kDerived);
      }
    }
  }
  if (options.report_path) CheckOutputTarget(*options.report_path, AtomicOutput::Naming::kNamed);
}

// One run at a time per output directory: the directories of the files this
// run writes, each once, in a fixed order so two runs cannot deadlock.
void LockOutputDirectories(const SplitOptions& options, Reporter* reporter, RunPlan* plan) {
  // Each path and whether it was named (only a named one may be a device).
  std::vector<std::pair<std::string, bool>> written;
  if (!options.dry_run) {
    std::array<std::string, 3> stems = OutputStems(options);
    written = {{stems[0], options.native_path.has_value()},
               {stems[1], options.secondary_path.has_value()},
               {stems[2], options.rejects_path.has_value()}};
  }
  if (options.report_path) written.push_back({*options.report_path, true});
  std::map<std::pair<dev_t, ino_t>, std::string> dirs;
  for (const auto& [p, named] : written) {
    if (named && IsDevice(p)) continue;  // /dev/null and the like: nothing to guard in /dev
    struct stat st;
    std::string dir = DirName(p);
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      ThrowUsage(fmt::format("{}: directory does not exist", p));
    }
    dirs.emplace(std::make_pair(st.st_dev, st.st_ino), dir);
  }
  for (const auto& [id, dir] : dirs) {
    plan->locks.push_back(std::make_unique<DirectoryLock>(dir, options.wait_seconds, reporter));
  }
}

void CheckNotAnInput(const std::string& output, const RunPlan& plan,
                     const std::vector<std::string>& ledgers) {
  struct stat out;
  if (::stat(output.c_str(), &out) != 0) return;  // does not exist yet
  for (const Book& in : plan.inputs) {
    if (in.source->SameFile(out.st_dev, out.st_ino)) {
      ThrowUsage(fmt::format("{}: output is the same file as input {}", output, in.display));
    }
  }
  for (const std::string& l : ledgers) {
    struct stat st;
    if (::stat(l.c_str(), &st) == 0 && st.st_dev == out.st_dev && st.st_ino == out.st_ino) {
      ThrowUsage(fmt::format("{}: output is the same file as ledger {}", output, l));
    }
  }
}

// The output paths, once the inputs' format is known: with --to vcard the
// books are vCard; rejects keep the input's bytes and so its format (CSV
// only when every input is CSV).
void ResolveOutputPaths(const SplitOptions& options, RunPlan* plan) {
  bool csv = plan->inputs.front().format == BookFormat::kCsv && !plan->mixed;
  const std::string ext = csv ? ".csv" : ".vcf";
  const std::string book_ext = options.to_vcard ? ".vcf" : ext;
  std::array<std::string, 3> stems = OutputStems(options);
  plan->paths = {options.native_path ? stems[0] : stems[0] + book_ext,
                 options.secondary_path ? stems[1] : stems[1] + book_ext,
                 options.rejects_path ? stems[2] : stems[2] + ext};
  for (const std::string& p : plan->paths) {
    if (!IsDirectory(DirName(p))) ThrowUsage(fmt::format("{}: directory does not exist", p));
    CheckNotAnInput(p, *plan, options.ledgers);
  }
  const auto& p = plan->paths;
  if (p[0] == p[1] || p[0] == p[2] || p[1] == p[2]) {
    ThrowUsage("native, secondary and rejects must be three different files");
  }
  if (options.report_path) CheckNotAnInput(*options.report_path, *plan, options.ledgers);
}

}  // namespace

RunPlan PlanCheck(const DecideOptions& options) {
  RunPlan plan;
  CheckDecideOptions(options, &plan);
  OpenInputs(options, false, &plan);
  return plan;
}

RunPlan PlanSplit(const SplitOptions& options, Reporter* reporter) {
  RunPlan plan;
  CheckDecideOptions(options, &plan);
  if (!IsDirectory(options.out_dir)) {
    struct stat st;
    bool exists = ::stat(options.out_dir.c_str(), &st) == 0;
    ThrowUsage(fmt::format("{}: {}", options.out_dir,
                           exists ? "not a directory (-o names the directory the books go to)"
                                  : "output directory does not exist"));
  }
  CheckOutputTargets(options);
  LockOutputDirectories(options, reporter, &plan);
  OpenInputs(options, options.to_vcard, &plan);
  ResolveOutputPaths(options, &plan);
  return plan;
}

RunProgress::RunProgress(std::function<void(const SplitProgress&)> callback,
                         const std::vector<Book>& inputs)
    : callback_(std::move(callback)) {
  uint64_t total = 0;
  for (const Book& in : inputs) {
    if (in.source->size() > 0) total += static_cast<uint64_t>(in.source->size());
  }
  progress_.total_bytes = 2 * total;
}

void RunProgress::StartPass(int pass) {
  progress_.pass = pass;
  progress_.cards = 0;
}

void RunProgress::Card(uint64_t offset) {
  ++progress_.cards;
  if (!callback_) return;
  progress_.bytes = done_before_ + offset;
  callback_(progress_);
}

void RunProgress::EndInput(uint64_t bytes) { done_before_ += bytes; }

void RunProgress::Finish() {
  if (!callback_) return;
  progress_.finished = true;
  progress_.bytes = done_before_;
  callback_(progress_);
}

}  // namespace vcsplit
