// overdraft — cash machines that each check the balance, then debit it, and the account that
// goes below zero.
//
// The exercise variants (mutex, atomic, rwlock, channel) come from the tree this binary was built
// against: labs/ for the student's own files (`overdraft`), solutions/ for the references
// (`overdraft-solutions`). See README.md in this directory for the story.
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <overdraft/atomic.hpp>
#include <overdraft/bug.hpp>
#include <overdraft/channel.hpp>
#include <overdraft/load_then_fetch_sub.hpp>
#include <overdraft/mutex.hpp>
#include <overdraft/rwlock.hpp>
#include <overdraft/shared_check.hpp>
#include <overdraft/withdraw_run.hpp>
#include <racelab/cli.hpp>
#include <racelab/json.hpp>
#include <racelab/report.hpp>

namespace {

using namespace racelab;
using namespace racelab::overdraft;

struct Variant {
  std::string_view name;
  std::string_view summary;
  RunResult (*run)(const RunConfig&);
};

constexpr std::array kVariants{
    Variant{"bug", "a locked check, then a locked debit: overdrawn, no data race",
            &run_withdrawals<bug::Account>},
    Variant{"load_then_fetch_sub", "atomic load to check, atomic fetch_sub to debit: overdrawn",
            &run_withdrawals<load_then_fetch_sub::Account>},
    Variant{"shared_check", "check under the shared lock, debit under the exclusive one",
            &run_withdrawals<shared_check::Account>},
    Variant{"mutex", "exercise: one mutex held from the check to the debit",
            &run_withdrawals<using_mutex::Account>},
    Variant{"atomic", "exercise: a compare-exchange loop, the check inside it",
            &run_withdrawals<using_atomic::Account>},
    Variant{"rwlock", "exercise: exclusive for withdrawals, shared for readings",
            &run_withdrawals<using_rwlock::Account>},
    Variant{"channel", "exercise: an owner thread decides every withdrawal",
            &run_withdrawals<using_channel::Account>},
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
      "N cash machines, released together by a start gate, each withdraw 1 from a shared account\n"
      "opened at 1, again and again until each has run for MS milliseconds of CPU time. After\n"
      "each approved withdrawal the machine reads the balance (its receipt) and pays the 1 back\n"
      "in. No receipt may show a balance below zero, and the account must end at 1.\n\n"
      "  --variant NAME     which account to run (default bug)\n"
      "  --threads N        cash machines, 1..{} (default 2)\n"
      "  --cpu-ms MS        CPU time each machine withdraws for, 1..{} (default {})\n"
      "  --json             one JSON object on stdout instead of the table\n"
      "  --list-variants    the variant names, one per line\n"
      "  --help             this text\n\n"
      "variants:\n",
      program, kMaxThreads, kMaxCpuMs, RunConfig{}.cpu_time.count());
  for (const Variant& v : kVariants) fmt::print("  {:<21} {}\n", v.name, v.summary);
  fmt::print("\nexit status: 0 never overdrawn and the account ended at 1, 1 overdrawn or it did\n"
             "not, 2 bad usage\n");
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
  json::Object out = json::start("overdraft", 1, options.variant->name);
  out.set("threads", options.config.threads);
  out.set("cpu_ms", options.config.cpu_time.count());
  out.set("withdrawals", result.withdrawals);
  out.set("approved", result.approved);
  out.set("negative_readings", result.negative_readings);
  out.set("lowest_balance", result.lowest);
  out.set("final_balance", result.final_balance);
  out.set("expected_final_balance", result.expected_final());
  out.set("elapsed_seconds", json::rounded(seconds, 6));
  out.set("withdrawals_per_second", std::llround(result.withdrawals_per_second()));
  out.set("correct", result.correct());
  json::print(out);
}

std::string count(std::uint64_t value) { return report::grouped(static_cast<std::int64_t>(value)); }

void print_table(const Options& options, const RunResult& result) {
  using report::grouped;
  using report::row;
  fmt::print(
      "overdraft  variant {}  ({} cash machines, each withdrawing for {} ms of CPU time)\n\n",
      report::paint(options.variant->name, fmt::emphasis::bold), options.config.threads,
      options.config.cpu_time.count());
  row("withdrawals asked", count(result.withdrawals), "1 each, by all the cash machines");
  row("approved", count(result.approved), "each read on a receipt, then paid back");
  row("lowest balance seen", grouped(result.lowest),
      fmt::format("{} receipts showed a balance below zero", count(result.negative_readings)));
  row("final balance", grouped(result.final_balance),
      fmt::format("opened at {}, every approved unit paid back", result.expected_final()));
  const double seconds = std::chrono::duration<double>(result.elapsed).count();
  row("elapsed", fmt::format("{:.1f} ms", seconds * 1e3), "on the wall clock");
  row("throughput", fmt::format("{:.1f} M/s", result.withdrawals_per_second() / 1e6),
      "withdrawals asked per second, all machines");
  fmt::print("\n");
  if (result.correct()) {
    fmt::print("{} the balance never went below zero, and the account ended where it opened.\n",
               report::paint("CORRECT", report::kGood));
  } else if (result.overdrawn()) {
    fmt::print("{} the balance went as low as {}: two withdrawals both saw enough money, and\n"
               "both took it. Each step may be thread-safe; the decision was not.\n",
               report::paint("OVERDRAWN", report::kBad), grouped(result.lowest));
  } else {
    fmt::print("{} the final balance is {}, not {}: money was created or destroyed.\n",
               report::paint("MONEY CREATED OR DESTROYED", report::kBad),
               grouped(result.final_balance), grouped(result.expected_final()));
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (const auto status =
          cli::start("overdraft", argc, argv, options, &parse, &print_help, kVariants)) {
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
