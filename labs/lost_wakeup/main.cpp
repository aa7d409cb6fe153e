// lost_wakeup — a bounded job queue whose consumer sleeps through its wake-up, and the watchdog
// that says who waits for what.
//
// The exercise variants (mutex, atomic, semaphore, channel) come from the tree this binary was
// built against: labs/ for the student's own files (`lost_wakeup`), solutions/ for the references
// (`lost_wakeup-solutions`). See README.md in this directory for the story.
#include <array>
#include <chrono>
#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <lost_wakeup/atomic.hpp>
#include <lost_wakeup/bug.hpp>
#include <lost_wakeup/channel.hpp>
#include <lost_wakeup/job_run.hpp>
#include <lost_wakeup/mutex.hpp>
#include <lost_wakeup/semaphore.hpp>
#include <racelab/cli.hpp>
#include <racelab/json.hpp>
#include <racelab/report.hpp>
#include <racelab/verdict.hpp>

namespace {

using namespace racelab;
using namespace racelab::lost_wakeup;

// Beyond cli.hpp's 0 (correct), 1 (the bug showed: jobs lost or doubled) and 2 (bad usage).
constexpr int kHung = 3;

struct Variant {
  std::string_view name;
  std::string_view summary;
  RunResult (*run)(const RunConfig&, const HangHandler&);
};

constexpr std::array kVariants{
    Variant{"bug", "look for a job, then sleep in a second step: a lost wake-up",
            &run_jobs<bug::JobQueue>},
    Variant{"mutex", "exercise: condition variables, each wait a predicate loop",
            &run_jobs<using_mutex::JobQueue>},
    Variant{"atomic", "exercise: atomic wait/notify on a count of changes",
            &run_jobs<using_atomic::JobQueue>},
    Variant{"semaphore", "exercise: counting semaphores for jobs and free slots",
            &run_jobs<using_semaphore::JobQueue>},
    Variant{"channel", "exercise: the queue is a sync::channel",
            &run_jobs<using_channel::JobQueue>},
};

constexpr unsigned kMaxThreads = 32;
constexpr std::uint64_t kMaxCapacity = 1'000'000;
constexpr std::uint64_t kMaxJobs = 100'000'000;
constexpr std::uint64_t kMaxCpuMs = 60'000;
constexpr std::uint64_t kMinWatchdogMs = 100;
constexpr std::uint64_t kMaxWatchdogMs = 600'000;

struct Options {
  const Variant* variant = &kVariants[0];
  RunConfig config;
  bool json = false;
  bool help = false;
  bool list_variants = false;
};

void print_help(std::string_view program) {
  fmt::print(
      "usage: {} [--variant NAME] [--producers N] [--consumers N] [--capacity N] [--jobs N]\n"
      "          [--cpu-ms MS] [--watchdog-ms MS] [--json]\n\n"
      "Producer threads push numbered jobs into a bounded queue, at least --jobs each and for at\n"
      "least --cpu-ms of CPU time; consumer threads pop them; the last producer closes the queue.\n"
      "Every job must be popped exactly once, and every thread must finish. A watchdog ends the\n"
      "run when no job moves for --watchdog-ms, and says who waits for what.\n\n"
      "  --variant NAME     which queue to run (default bug)\n"
      "  --producers N      producer threads, 1..{} (default 2)\n"
      "  --consumers N      consumer threads, 1..{} (default 2)\n"
      "  --capacity N       the queue's slots, 1..{} (default 2)\n"
      "  --jobs N           jobs per producer, at least, 1..{} (default 10,000)\n"
      "  --cpu-ms MS        CPU time each producer pushes for, at least, 0..{} (default {})\n"
      "  --watchdog-ms MS   the watchdog's limit, {}..{} (default {})\n"
      "  --json             one JSON object on stdout instead of the table\n"
      "  --list-variants    the variant names, one per line\n"
      "  --help             this text\n\n"
      "variants:\n",
      program, kMaxThreads, kMaxThreads, report::grouped(kMaxCapacity), report::grouped(kMaxJobs),
      report::grouped(kMaxCpuMs), RunConfig{}.cpu_time.count(), kMinWatchdogMs,
      report::grouped(kMaxWatchdogMs), RunConfig{}.watchdog.count());
  for (const Variant& v : kVariants) fmt::print("  {:<18} {}\n", v.name, v.summary);
  fmt::print(
      "\nexit status: 0 every job popped once and every thread finished, 1 a job was lost,\n"
      "popped twice or refused before the close, 2 bad usage, 3 the run hung (the watchdog saw\n"
      "every thread wait)\n");
}

Options parse(int argc, char** argv) {
  Options options;
  cli::ArgumentCursor args(argc, argv);
  while (!args.done()) {
    const std::string_view flag = args.flag();
    if (cli::parse_standard_flag(args, flag, options)) continue;
    if (flag == "--variant") {
      options.variant = &cli::find_variant(kVariants, args.value());
    } else if (flag == "--producers") {
      options.config.producers =
          static_cast<unsigned>(cli::parse_count(flag, args.value(), 1, kMaxThreads));
    } else if (flag == "--consumers") {
      options.config.consumers =
          static_cast<unsigned>(cli::parse_count(flag, args.value(), 1, kMaxThreads));
    } else if (flag == "--capacity") {
      options.config.capacity = cli::parse_count(flag, args.value(), 1, kMaxCapacity);
    } else if (flag == "--jobs") {
      options.config.jobs = cli::parse_count(flag, args.value(), 1, kMaxJobs);
    } else if (flag == "--cpu-ms") {
      options.config.cpu_time =
          std::chrono::milliseconds(cli::parse_count(flag, args.value(), 0, kMaxCpuMs));
    } else if (flag == "--watchdog-ms") {
      options.config.watchdog = std::chrono::milliseconds(
          cli::parse_count(flag, args.value(), kMinWatchdogMs, kMaxWatchdogMs));
    } else {
      throw cli::UsageError("unknown option '" + std::string(flag) + "' (try --help)");
    }
  }
  return options;
}

double seconds(std::chrono::nanoseconds duration) {
  return std::chrono::duration<double>(duration).count();
}

std::string jobs_text(std::uint64_t count) {
  return fmt::format("{} job{}", report::grouped(static_cast<std::int64_t>(count)),
                     count == 1 ? "" : "s");
}

// What a thread that never returned was doing, in words.
std::string_view waits_for(Phase phase) {
  switch (phase) {
    case Phase::pushing: return "waits in push() for room";
    case Phase::popping: return "waits in pop() for a job";
    case Phase::closing: return "is in close()";
    case Phase::starting: return "has not started";
    case Phase::done: return "finished";
  }
  return "";
}

// The watchdog's finding in one line, for --json and the test logs: "consumer 2 waits in pop()
// for a job at labs/lost_wakeup/bug.hpp:48; the queue holds 1 job; nobody will notify".
std::string hang_line(const Hang& hang) {
  std::string line;
  for (const ThreadSeen& thread : hang.threads) {
    if (thread.phase == Phase::done) continue;
    line += (line.empty() ? "" : ", ") + thread.name + " " + std::string(waits_for(thread.phase));
    if (thread.waiting == sync::tracking::WaitKind::condition) {
      line += " at " + sync::tracking::describe(thread.waiting_at);
    }
  }
  line += "; the queue holds " + jobs_text(hang.queued());
  line += hang.everyone_waits() ? "; nobody will notify" : "";
  return line;
}

// The hang in racelab/verdict.hpp's shape: a row per thread still in the queue, with the line it
// sleeps on where the lock tracker saw it (a condition variable's wait).
verdict::Verdict hang_verdict(const Hang& hang, std::size_t capacity) {
  verdict::Verdict v;
  v.word = "HANG";
  v.summary = fmt::format("no job moved for {:.1f} s ({:.1f} s into the run, after {} pushed).",
                          seconds(hang.quiet_for), seconds(hang.elapsed), jobs_text(hang.pushed));
  for (const ThreadSeen& thread : hang.threads) {
    if (thread.phase == Phase::done) continue;
    verdict::Row row;
    row.who = thread.name;
    row.what = waits_for(thread.phase);
    if (thread.waiting == sync::tracking::WaitKind::condition) {
      row.where = sync::tracking::describe(thread.waiting_at);
      row.source = verdict::source_line(
          thread.waiting_at.file != nullptr ? thread.waiting_at.file : "", thread.waiting_at.line);
    }
    if (thread.phase == Phase::popping && hang.queued() > 0) {
      row.detail = "asleep beside " + jobs_text(hang.queued()) + " it was never woken for";
    } else if (thread.phase == Phase::pushing && hang.queued() >= capacity) {
      row.detail = "the queue is full; only a consumer's pop can make room";
    } else if (thread.phase == Phase::popping && hang.closed) {
      row.detail = "the queue is closed and empty: the close did not wake it";
    }
    v.rows.push_back(std::move(row));
  }
  v.conclusions.push_back(fmt::format("the queue holds {}{}", jobs_text(hang.queued()),
                                      hang.closed ? ", and is closed" : ""));
  if (hang.everyone_waits()) {
    v.conclusions.emplace_back(
        "every thread waits for another to notify it: nobody will. A wake-up was lost");
  }
  return v;
}

json::Object json_start(const Options& options) {
  const RunConfig& config = options.config;
  json::Object out = json::start("lost_wakeup", 1, options.variant->name);
  out.set("producers", config.producers);
  out.set("consumers", config.consumers);
  out.set("capacity", config.capacity);
  out.set("jobs", config.jobs);
  out.set("cpu_ms", config.cpu_time.count());
  out.set("watchdog_ms", config.watchdog.count());
  return out;
}

void print_header(const Options& options) {
  const RunConfig& config = options.config;
  fmt::print(
      "lost_wakeup  variant {}  ({} producer{} x at least {} and {} ms of CPU, {} consumer{}, "
      "{} slot{})\n\n",
      report::paint(options.variant->name, fmt::emphasis::bold), config.producers,
      config.producers == 1 ? "" : "s", jobs_text(config.jobs), config.cpu_time.count(),
      config.consumers, config.consumers == 1 ? "" : "s", config.capacity,
      config.capacity == 1 ? "" : "s");
}

int report_hang(const Options& options, const Hang& hang) {
  if (options.json) {
    json::Object out = json_start(options);
    out.set("verdict", "hang");
    out.set("pushed", hang.pushed);
    out.set("popped", hang.popped);
    out.set("queued", hang.queued());
    out.set("missing", nullptr);
    out.set("duplicated", nullptr);
    out.set("refused", nullptr);
    out.set("hang", hang_line(hang));
    out.set("quiet_ms", hang.quiet_for.count());
    out.set("elapsed_seconds", json::rounded(seconds(hang.elapsed), 6));
    out.set("jobs_per_second", nullptr);
    out.set("correct", false);
    json::print(out);
    return kHung;
  }
  print_header(options);
  fmt::print(
      "{}", verdict::render(hang_verdict(hang, options.config.capacity), report::colour_enabled()));
  return kHung;
}

int report_result(const Options& options, const RunResult& result) {
  const bool correct = result.correct();
  if (options.json) {
    json::Object out = json_start(options);
    out.set("verdict", correct ? "correct" : "wrong_jobs");
    out.set("pushed", result.pushed);
    out.set("popped", result.popped);
    out.set("queued", nullptr);
    out.set("missing", result.missing);
    out.set("duplicated", result.duplicated);
    out.set("refused", result.refused);
    out.set("hang", nullptr);
    out.set("quiet_ms", nullptr);
    out.set("elapsed_seconds", json::rounded(seconds(result.elapsed), 6));
    out.set("jobs_per_second", std::llround(result.jobs_per_second()));
    out.set("correct", correct);
    json::print(out);
  } else {
    using report::grouped;
    using report::row;
    print_header(options);
    row("pushed", grouped(static_cast<std::int64_t>(result.pushed)));
    row("popped", grouped(static_cast<std::int64_t>(result.popped)));
    row("missing", grouped(static_cast<std::int64_t>(result.missing)), "pushed, and never popped");
    row("duplicated", grouped(static_cast<std::int64_t>(result.duplicated)),
        "popped twice, or never pushed");
    row("refused", grouped(static_cast<std::int64_t>(result.refused)),
        "pushes refused before the close");
    row("elapsed", fmt::format("{:.1f} ms", seconds(result.elapsed) * 1e3));
    row("throughput", fmt::format("{:.2f} M/s", result.jobs_per_second() / 1e6),
        "jobs through the queue per second");
    fmt::print("\n");
    if (correct) {
      fmt::print("{} every job was popped once, and every thread finished.\n",
                 report::paint("CORRECT", report::kGood));
    } else {
      fmt::print("{} the queue lost, doubled or refused jobs.\n",
                 report::paint("WRONG JOBS", report::kBad));
    }
  }
  return correct ? cli::kCorrect : cli::kBugShowed;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (const auto status =
          cli::start("lost_wakeup", argc, argv, options, &parse, &print_help, kVariants)) {
    return *status;
  }
  const RunResult result = options.variant->run(
      options.config, [&](const Hang& hang) { return report_hang(options, hang); });
  return report_result(options, result);
}
