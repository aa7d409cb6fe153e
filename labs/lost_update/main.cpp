// lost_update — deposits from many threads into one account, and the updates that vanish.
//
// The exercise variants (mutex, atomic, rwlock, channel) come from the tree this binary was built
// against: labs/ for the student's own files (`lost_update`), solutions/ for the references
// (`lost_update-solutions`). See README.md in this directory for the story.
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <lost_update/atomic.hpp>
#include <lost_update/bug.hpp>
#include <lost_update/channel.hpp>
#include <lost_update/deposit_run.hpp>
#include <lost_update/mutex.hpp>
#include <lost_update/rwlock.hpp>
#include <lost_update/split_atomic.hpp>
#include <racelab/cli.hpp>
#include <racelab/json.hpp>
#include <racelab/report.hpp>

namespace {

using namespace racelab;
using namespace racelab::lost_update;

struct Variant {
  std::string_view name;
  std::string_view summary;
  RunResult (*run)(const RunConfig&);
};

constexpr std::array kVariants{
    Variant{"bug", "plain read, add, write: updates are lost", &run_deposits<bug::Account>},
    Variant{"split_atomic", "atomic load, then atomic store: no data race, still lost",
            &run_deposits<split_atomic::Account>},
    Variant{"mutex", "exercise: a mutex around the read-modify-write",
            &run_deposits<using_mutex::Account>},
    Variant{"atomic", "exercise: one atomic fetch_add", &run_deposits<using_atomic::Account>},
    Variant{"rwlock", "exercise: exclusive for deposits, shared for the auditor",
            &run_deposits<using_rwlock::Account>},
    Variant{"channel", "exercise: an owner thread is the only writer",
            &run_deposits<using_channel::Account>},
};

constexpr unsigned kMaxThreads = 256;
constexpr std::uint64_t kMaxCpuMs = 60'000;

struct Options {
  const Variant* variant = &kVariants[0];
  RunConfig config;
  bool json = false;
  bool help = false;
  bool list_variants = false;
};

void print_help(std::string_view program) {
  fmt::print(
      "usage: {} [--variant NAME] [--threads N] [--cpu-ms MS] [--json]\n\n"
      "N threads, released together by a start gate, each deposit 1 into a shared account, again\n"
      "and again until each has run for MS milliseconds of CPU time, while an auditor thread\n"
      "reads the balance. Each thread counts its deposits; the final balance should be exactly\n"
      "the sum of those counts.\n\n"
      "  --variant NAME     which account to run (default bug)\n"
      "  --threads N        depositor threads, 1..{} (default 2)\n"
      "  --cpu-ms MS        CPU time each thread deposits for, 1..{} (default {})\n"
      "  --json             one JSON object on stdout instead of the table\n"
      "  --list-variants    the variant names, one per line\n"
      "  --help             this text\n\n"
      "variants:\n",
      program, kMaxThreads, kMaxCpuMs, RunConfig{}.cpu_time.count());
  for (const Variant& v : kVariants) fmt::print("  {:<18} {}\n", v.name, v.summary);
  fmt::print("\nexit status: 0 the balance was exact, 1 updates were lost, 2 bad usage\n");
}

Options parse(int argc, char** argv) {
  Options options;
  cli::ArgumentCursor args(argc, argv);
  while (!args.done()) {
    const std::string_view flag = args.flag();
    if (cli::parse_standard_flag(args, flag, options)) continue;
    if (flag == "--variant") {
      options.variant = &cli::find_variant(kVariants, args.value());
    } else if (flag == "--threads") {
      options.config.threads =
          static_cast<unsigned>(cli::parse_count(flag, args.value(), 1, kMaxThreads));
    } else if (flag == "--cpu-ms") {
      options.config.cpu_time =
          std::chrono::milliseconds(cli::parse_count(flag, args.value(), 1, kMaxCpuMs));
    } else {
      throw cli::UsageError("unknown option '" + std::string(flag) + "' (try --help)");
    }
  }
  return options;
}

void print_json(const Options& options, const RunResult& result) {
  const double seconds = std::chrono::duration<double>(result.elapsed).count();
  json::Object out = json::start("lost_update", 1, options.variant->name);
  out.set("threads", options.config.threads);
  out.set("cpu_ms", options.config.cpu_time.count());
  out.set("expected", result.expected);
  out.set("actual", result.actual);
  out.set("lost", result.lost());
  out.set("auditor_reads", result.auditor_reads);
  out.set("backward_steps", result.backward_steps);
  out.set("elapsed_seconds", json::rounded(seconds, 6));
  out.set("deposits_per_second", std::llround(result.deposits_per_second()));
  out.set("correct", result.correct());
  json::print(out);
}

void print_table(const Options& options, const RunResult& result) {
  using report::grouped;
  using report::row;
  fmt::print("lost_update  variant {}  ({} threads, each depositing for {} ms of CPU time)\n\n",
             report::paint(options.variant->name, fmt::emphasis::bold), options.config.threads,
             options.config.cpu_time.count());
  row("deposits made", grouped(result.expected), "counted by each thread: the expected balance");
  row("actual balance", grouped(result.actual));
  row("updates lost", grouped(result.lost()),
      fmt::format("{:.2f}% of all deposits", 100.0 * static_cast<double>(result.lost()) /
                                                 static_cast<double>(result.expected)));
  row("auditor readings", grouped(static_cast<std::int64_t>(result.auditor_reads)),
      fmt::format("{} went backwards", result.backward_steps));
  const double seconds = std::chrono::duration<double>(result.elapsed).count();
  row("elapsed", fmt::format("{:.1f} ms", seconds * 1e3), "on the wall clock");
  row("throughput", fmt::format("{:.1f} M/s", result.deposits_per_second() / 1e6),
      "deposits per second, all threads");
  fmt::print("\n");
  if (result.correct()) {
    fmt::print("{} every deposit is in the balance.\n", report::paint("CORRECT", report::kGood));
  } else {
    fmt::print("{} {} deposits vanished: two threads read the same balance, and the later\n"
               "write overwrote the earlier one.\n",
               report::paint("LOST UPDATES", report::kBad), grouped(result.lost()));
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (const auto status =
          cli::start("lost_update", argc, argv, options, &parse, &print_help, kVariants)) {
    return *status;
  }

  const RunResult result = options.variant->run(options.config);
  if (options.json) {
    print_json(options, result);
  } else {
    print_table(options, result);
  }
  return result.correct() ? cli::kCorrect : cli::kBugShowed;
}
