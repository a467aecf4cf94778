// Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.

#include "split/split.h"

#include <ctime>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <sys/stat.h>

#include "book/book.h"
#include "csv/csv_book.h"
#include "io/lock.h"
#include "io/output.h"
#include "io/sha256.h"
#include "io/source.h"
#include "ledger/ledger.h"
#include "ledger/timeparse.h"
#include "phone/keys.h"
#include "split/read_ahead.h"
#include "util/text.h"
#include "vcard/convert.h"
#include "vcsplit/error.h"
#include "vcsplit/interrupt.h"

namespace vcsplit {

namespace {

// Passes diagnostics on and keeps the warnings for the report.
class TeeReporter : public Reporter {
 public:
  TeeReporter(Reporter* next, std::vector<Diagnostic>* warnings)
      : next_(next), warnings_(warnings) {}
  void Report(const Diagnostic& d) override {
    if (d.severity == Severity::kWarning) warnings_->push_back(d);
    next_->Report(d);
  }

 private:
  Reporter* next_;
  std::vector<Diagnostic>* warnings_;
};

int64_t ResolveAsOf(const std::optional<std::string>& text) {
  if (!text) return static_cast<int64_t>(std::time(nullptr));
  std::optional<Timestamp> t = ParseTimestamp(*text);
  if (!t) ThrowUsage(fmt::format("--as-of: cannot read time '{}'", *text));
  return EndOfDayOrInstant(*t);  // a date-only --as-of means the end of that day
}

void CheckNotAnInput(const std::string& output, const std::vector<Book>& inputs,
                     const std::vector<std::string>& ledgers) {
  struct stat out;
  if (::stat(output.c_str(), &out) != 0) return;  // does not exist yet
  for (const Book& in : inputs) {
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

}  // namespace

SplitResult RunSplit(const SplitOptions& options, Reporter* outer) {
  SplitResult result;
  TeeReporter reporter(outer, &result.warnings);

  // Everything that can be checked before reading input is checked first,
  // so that a usage error writes nothing.
  if (options.inputs.empty()) ThrowUsage("no input given");
  if (options.ledgers.empty()) ThrowUsage("no ledger given (--ledger FILE)");
  if (!PhoneNormalizer::IsKnownRegion(options.region)) {
    ThrowUsage(fmt::format("--region: unknown region '{}'", options.region));
  }
  LedgerOptions lopts;
  lopts.region = options.region;
  lopts.purpose = options.purpose;
  lopts.as_of = ResolveAsOf(options.as_of);
  if (options.max_age) {
    lopts.max_age = ParseDuration(*options.max_age);
    if (!lopts.max_age) {
      ThrowUsage(fmt::format("--max-age: cannot read duration '{}' (use e.g. 730d, 24m, 2y)",
                             *options.max_age));
    }
  }
  if (options.input_format && *options.input_format != "vcard" && *options.input_format != "csv") {
    ThrowUsage(
        fmt::format("--input-format: expected vcard or csv, not '{}'", *options.input_format));
  }
  if (!options.check && !IsDirectory(options.out_dir)) {
    ThrowUsage(fmt::format("{}: output directory does not exist", options.out_dir));
  }

  // One run at a time per output directory (the directories of the files
  // this run writes, each once, in a fixed order so two runs cannot
  // deadlock).
  std::vector<std::unique_ptr<DirectoryLock>> locks;
  if (!options.check) {
    // Known before the inputs are opened (only the extension depends on
    // them), so a run waits before it reads anything.
    std::vector<std::string> written;
    if (!options.dry_run) {
      written = {options.native_path ? *options.native_path : options.out_dir + "/native",
                 options.secondary_path ? *options.secondary_path : options.out_dir + "/secondary",
                 options.rejects_path ? *options.rejects_path : options.out_dir + "/rejects"};
    }
    if (options.report_path) written.push_back(*options.report_path);
    std::map<std::pair<dev_t, ino_t>, std::string> dirs;
    for (const std::string& p : written) {
      if (IsDevice(p)) continue;  // /dev/null and the like: nothing to guard in /dev
      struct stat st;
      std::string dir = DirName(p);
      if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        ThrowUsage(fmt::format("{}: directory does not exist", p));
      }
      dirs.emplace(std::make_pair(st.st_dev, st.st_ino), dir);
    }
    for (const auto& [id, dir] : dirs) {
      locks.push_back(std::make_unique<DirectoryLock>(dir, options.wait_seconds, &reporter));
    }
  }

  std::vector<Book> inputs;
  bool stdin_used = false;
  for (const std::string& path : options.inputs) {
    if (path == "-" && stdin_used) ThrowUsage("standard input given twice");
    stdin_used = stdin_used || path == "-";
    inputs.push_back(OpenBook(path, options.input_format));
  }
  bool mixed = false;
  for (const Book& in : inputs) mixed = mixed || in.format != inputs.front().format;
  for (const Book& in : inputs) {
    if (in.format != inputs.front().format && !options.to_vcard) {
      ThrowUsage(fmt::format("{} is {} but {} is {}; all inputs of a run must have one format",
                             in.display, in.format, inputs.front().display, inputs.front().format));
    }
  }
  const std::string format = inputs.front().format;
  // With --to vcard native and secondary are vCard; rejects keep the input's
  // bytes, so they keep its format (CSV only when every input is CSV).
  const std::string ext = format == "csv" && !mixed ? ".csv" : ".vcf";
  const std::string book_ext = options.to_vcard ? ".vcf" : ext;
  std::array<std::string, 3> paths = {
      options.native_path ? *options.native_path : options.out_dir + "/native" + book_ext,
      options.secondary_path ? *options.secondary_path : options.out_dir + "/secondary" + book_ext,
      options.rejects_path ? *options.rejects_path : options.out_dir + "/rejects" + ext,
  };
  for (const std::string& p : paths) {
    if (options.check) break;  // `check` writes no book
    if (!IsDirectory(DirName(p))) {
      ThrowUsage(fmt::format("{}: directory does not exist", p));
    }
    CheckNotAnInput(p, inputs, options.ledgers);
  }
  if (paths[0] == paths[1] || paths[0] == paths[2] || paths[1] == paths[2]) {
    ThrowUsage("native, secondary and rejects must be three different files");
  }
  if (options.report_path) CheckNotAnInput(*options.report_path, inputs, options.ledgers);

  PhoneNormalizer phones(options.region);
  Ledger ledger;
  if (!ledger.Load(options.ledgers, lopts, &phones, &reporter)) {
    throw FatalError(kExitUsage, "the ledger has errors; nothing was written");
  }
  result.as_of = FormatLocal(lopts.as_of);
  result.purpose = ledger.purpose();
  result.region = options.region;
  result.ledger_paths = options.ledgers;
  result.ledger_sha256 = ledger.sha256();
  result.ledger_events = ledger.event_count();
  result.ledger_warnings = ledger.warning_count();

  // Outputs are created before reading, so a directory that cannot be
  // written fails fast; they replace nothing until the end.
  std::array<std::unique_ptr<AtomicOutput>, 3> outs;
  for (size_t i = 0; i < 3; ++i) {
    outs[i] = std::make_unique<AtomicOutput>(paths[i], options.dry_run);
  }

  SplitProgress progress;
  uint64_t total = 0;
  for (const Book& in : inputs)
    total += in.source->size() > 0 ? static_cast<uint64_t>(in.source->size()) : 0;
  progress.total_bytes = 2 * total;
  uint64_t done_before = 0;  // bytes of the inputs finished in this pass and earlier passes
  auto report_progress = [&](uint64_t offset) {
    if (!options.progress) return;
    progress.bytes = done_before + offset;
    options.progress(progress);
  };

  // Pass 1: the keys of the whole run, for the shared-key rule. CSV inputs
  // must share one header, which every output starts with.
  SharedKeys shared;
  Chunk chunk;
  std::string prefix;
  for (size_t n = 0; n < inputs.size(); ++n) {
    Book& in = inputs[n];
    Sha256 hash;
    HashingSource hashing(in.source.get(), &hash);
    ReadAhead ahead(&reporter);
    std::unique_ptr<ChunkReader> reader =
        MakeBookReader(in.format, &hashing, in.display, ahead.reader_reporter(), options.csv,
                       options.max_card_size);
    if (n == 0) {
      prefix = reader->OutputPrefix();
    } else if (!mixed && reader->OutputPrefix() != prefix) {
      ThrowUsage(
          fmt::format("{}: header differs from {}; CSV inputs of one run must have the "
                      "same header",
                      in.display, inputs.front().display));
    }
    SplitResult::Input info;
    info.path = in.path == "-" ? "<stdin>" : in.path;
    info.format = in.format;
    if (auto* csv = dynamic_cast<CsvBookReader*>(reader.get())) {
      info.dialect = csv->dialect();
      info.encoding = csv->encoding_name();
    }
    ahead.Start(std::move(reader), in.source.get());
    while (ahead.Next(&chunk)) {
      ThrowIfInterrupted();
      ++info.cards;
      ++progress.cards;
      report_progress(ahead.offset());
      if (!chunk.readable()) continue;
      for (const Person& p : chunk.people) {
        for (const Key& k : PersonKeys(p, &phones, in.display, &reporter)) {
          if (ledger.Evaluate(k).state == State::kGiven) shared.Add(k, p.DisplayName());
        }
      }
    }
    done_before += ahead.offset();
    info.sha256 = hash.HexDigest();
    result.inputs.push_back(std::move(info));
  }

  // Pass 2: decide and write. Problems were reported in pass 1.
  if (mixed) prefix.clear();
  for (size_t i = 0; i < 3; ++i) {
    if (!options.to_vcard || i == static_cast<size_t>(Output::kRejects)) outs[i]->Write(prefix);
  }
  NullReporter quiet;
  progress.pass = 2;
  progress.cards = 0;
  for (size_t n = 0; n < inputs.size(); ++n) {
    Book& in = inputs[n];
    in.source->Rewind();
    // Both passes must see the same bytes: an input rewritten in between
    // (an export still being written) would get decisions that do not match
    // its keys.
    Sha256 again;
    HashingSource hashing(in.source.get(), &again);
    ReadAhead ahead(&quiet);
    std::unique_ptr<ChunkReader> reader =
        MakeBookReader(in.format, &hashing, in.display, ahead.reader_reporter(), options.csv,
                       options.max_card_size);
    AtomicOutput* rejects = outs[static_cast<size_t>(Output::kRejects)].get();
    reader->SetOverflowSink(
        ahead.OrderedSink([rejects](std::string_view bytes) { rejects->Write(bytes); }));
    std::vector<std::string> header;
    if (auto* csv = dynamic_cast<CsvBookReader*>(reader.get())) header = csv->header();
    std::vector<std::vector<Key>> keys;
    const std::string crlf_break = reader->LineBreak(true);
    const std::string lf_break = reader->LineBreak(false);
    ahead.Start(std::move(reader), in.source.get());
    while (ahead.Next(&chunk)) {
      ThrowIfInterrupted();
      keys.clear();
      for (const Person& p : chunk.people) {
        keys.push_back(PersonKeys(p, &phones, in.display, &quiet));
      }
      Decision d = DecideChunk(chunk, keys, ledger, shared, options.unknown);
      AtomicOutput* out = outs[static_cast<size_t>(d.output)].get();
      if (options.to_vcard && d.output != Output::kRejects) {
        out->Write(in.format == "csv" ? CsvRecordToVcard(header, chunk.fields)
                                      : VcardTo30(chunk.raw));
        if (in.format != "csv" && chunk.missing_newline) out->Write(chunk.crlf ? "\r\n" : "\n");
      } else {
        out->Write(chunk.raw);
        if (chunk.missing_newline) out->Write(chunk.crlf ? crlf_break : lf_break);
      }
      ++result.cards;
      ++progress.cards;
      report_progress(ahead.offset());
      ++result.counts[static_cast<size_t>(d.output)];
      ++result.reasons[static_cast<size_t>(d.reason)];
      if (options.report_cards) {
        result.card_list.push_back(
            {in.path == "-" ? "<stdin>" : in.path, chunk.line, d.output, d.reason, d.matched,
             chunk.people.empty() ? std::string() : chunk.people[0].DisplayName()});
      }
    }
    done_before += ahead.offset();
    if (again.HexDigest() != result.inputs[n].sha256) {
      ThrowUsage(
          fmt::format("{}: changed while it was being read; nothing was written", in.display));
    }
  }

  for (size_t i = 0; i < 3; ++i) {
    outs[i]->Finish();
    result.outputs[i] = {paths[i], result.counts[i], outs[i]->sha256()};
  }
  std::unique_ptr<AtomicOutput> report;
  if (options.report_path) {
    report = std::make_unique<AtomicOutput>(*options.report_path, false);
    report->Write(RenderReport(result, "split", options.report_cards));
    report->Finish();
  }
  ThrowIfInterrupted();  // last moment at which nothing has been replaced
  for (auto& out : outs) out->Commit();
  if (report) report->Commit();
  if (options.progress) {
    progress.finished = true;
    progress.bytes = done_before;
    options.progress(progress);
  }
  return result;
}

}  // namespace vcsplit
