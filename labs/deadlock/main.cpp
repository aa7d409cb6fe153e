// deadlock — bank transfers between accounts that lock each other out, and the watchdog that
// names the cycle.
//
// The exercise variants (mutex, atomic, rwlock, channel) come from the tree this binary was built
// against: labs/ for the student's own files (`deadlock`), solutions/ for the references
// (`deadlock-solutions`). See README.md in this directory for the story.
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <deadlock/atomic.hpp>
#include <deadlock/bug.hpp>
#include <deadlock/channel.hpp>
#include <deadlock/mutex.hpp>
#include <deadlock/rwlock.hpp>
#include <deadlock/transfer_run.hpp>
#include <racelab/cli.hpp>
#include <racelab/json.hpp>
#include <racelab/report.hpp>
#include <racelab/sync/lock_tracking.hpp>
#include <racelab/sync/wait_for.hpp>
#include <racelab/verdict.hpp>

namespace {

using namespace racelab;
using namespace racelab::deadlock;

// Beyond cli.hpp's 0 (correct), 1 (the bug showed) and 2 (bad usage).
constexpr int kDeadlockDetected = 3;

struct Variant {
  std::string_view name;
  std::string_view summary;
  RunResult (*run)(const RunConfig&, const HangHandler&);
  // Whether every audit, not only the last, must see the exact total. The atomic fix gives that
  // up on purpose (README.md, "atomic"); for the others a wrong audit is a bug.
  bool consistent_audits;
};

constexpr std::array kVariants{
    Variant{"bug", "lock the source account, then the destination: AB-BA deadlock",
            &run_transfers<bug::Bank>, true},
    Variant{"mutex", "exercise: one global lock order", &run_transfers<using_mutex::Bank>, true},
    Variant{"atomic", "exercise: atomic balances, no account locks",
            &run_transfers<using_atomic::Bank>, false},
    Variant{"rwlock", "exercise: transfers share a bank lock, the auditor excludes them",
            &run_transfers<using_rwlock::Bank>, true},
    Variant{"channel", "exercise: an owner thread holds every balance",
            &run_transfers<using_channel::Bank>, true},
};

constexpr unsigned kMaxThreads = 64;
constexpr std::uint64_t kMaxTransfers = 1'000'000'000;
// Two accounts are the least a transfer needs; 64 is as many as the lock tracker follows when the
// auditor holds them all (sync::tracking::kMaxHeldLocks).
constexpr std::size_t kMaxAccounts = sync::tracking::kMaxHeldLocks;
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

// The lock-order checker's reports arrive on whichever thread found the cycle; the first is kept
// for the final output, the rest only counted.
class LockOrderReports {
 public:
  void record(const std::string& text) {
    const std::lock_guard<std::mutex> hold(mutex_);
    if (first_.empty()) first_ = text;
  }
  std::string first() {
    const std::lock_guard<std::mutex> hold(mutex_);
    return first_;
  }

 private:
  std::mutex mutex_;
  std::string first_;
};

void print_help(std::string_view program) {
  fmt::print(
      "usage: {} [--variant NAME] [--threads N] [--transfers N] [--cpu-ms MS] [--accounts N]\n"
      "          [--watchdog-ms MS] [--no-auditor] [--json]\n\n"
      "N threads each move 1 between two random accounts, at least TRANSFERS times and for at\n"
      "least --cpu-ms of CPU time, released together by a start barrier, while an auditor thread\n"
      "sums all balances. The total must never change, nor any account's final balance.\n"
      "A watchdog ends the run when no transfer completes for --watchdog-ms, and prints the\n"
      "wait-for cycle; a lock-order checker reports a cycle in the lock order as soon as it "
      "forms.\n\n"
      "  --variant NAME     which bank to run (default bug)\n"
      "  --threads N        transfer threads, 1..{} (default 2)\n"
      "  --transfers N      transfers per thread, at least, 1..{} (default 1,000,000)\n"
      "  --cpu-ms MS        CPU time each thread transfers for, at least, 0..{} (default {})\n"
      "  --accounts N       accounts, 2..{} (default 2)\n"
      "  --watchdog-ms MS   the watchdog's limit, {}..{} (default 2000)\n"
      "  --no-auditor       no auditor thread (then --threads 1 cannot hang, and still shows\n"
      "                     the lock-order cycle)\n"
      "  --json             one JSON object on stdout instead of the table\n"
      "  --list-variants    the variant names, one per line\n"
      "  --help             this text\n\n"
      "variants:\n",
      program, kMaxThreads, report::grouped(kMaxTransfers), report::grouped(kMaxCpuMs),
      RunConfig{}.cpu_time.count(), kMaxAccounts, kMinWatchdogMs, report::grouped(kMaxWatchdogMs));
  for (const Variant& v : kVariants) fmt::print("  {:<18} {}\n", v.name, v.summary);
  fmt::print(
      "\nexit status: 0 the total was conserved and nothing could deadlock, 1 money was\n"
      "created or destroyed (the total or an account's balance is wrong), 2 bad usage, 3 a\n"
      "deadlock was detected (the watchdog saw a hang, or the lock-order checker a cycle that\n"
      "can hang)\n");
}

Options parse(int argc, char** argv) {
  Options options;
  cli::ArgumentCursor args(argc, argv);
  while (!args.done()) {
    const std::string_view flag = args.flag();
    if (cli::parse_standard_flag(args, flag, options)) continue;
    if (flag == "--no-auditor") {
      args.no_value();
      options.config.auditor = false;
    } else if (flag == "--variant") {
      options.variant = &cli::find_variant(kVariants, args.value());
    } else if (flag == "--threads") {
      options.config.threads =
          static_cast<unsigned>(cli::parse_count(flag, args.value(), 1, kMaxThreads));
    } else if (flag == "--transfers") {
      options.config.transfers = cli::parse_count(flag, args.value(), 1, kMaxTransfers);
    } else if (flag == "--cpu-ms") {
      options.config.cpu_time =
          std::chrono::milliseconds(cli::parse_count(flag, args.value(), 0, kMaxCpuMs));
    } else if (flag == "--accounts") {
      options.config.accounts = cli::parse_count(flag, args.value(), 2, kMaxAccounts);
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

// The keys of both outcomes, a hang and a run that ended, are the same (lab.json's "json"): a
// figure one of them cannot have is null.
json::Object json_start(const Options& options) {
  const RunConfig& config = options.config;
  json::Object out = json::start("deadlock", 1, options.variant->name);
  out.set("threads", config.threads);
  out.set("transfers", config.transfers);
  out.set("cpu_ms", config.cpu_time.count());
  out.set("accounts", config.accounts);
  out.set("watchdog_ms", config.watchdog.count());
  out.set("auditor", config.auditor);
  return out;
}

void print_header(const Options& options) {
  fmt::print(
      "deadlock  variant {}  ({} thread{} x at least {} transfers and {} ms of CPU, between {} "
      "accounts{})\n\n",
      report::paint(options.variant->name, fmt::emphasis::bold), options.config.threads,
      options.config.threads == 1 ? "" : "s",
      report::grouped(static_cast<std::int64_t>(options.config.transfers)),
      options.config.cpu_time.count(), options.config.accounts,
      options.config.auditor ? "" : ", no auditor");
}

void print_lock_order_report(const std::string& text) {
  if (text.empty()) return;
  fmt::print("\n{}", text);
}

// The watchdog's cycle in racelab/verdict.hpp's shape, as the report reader prints TSan's: a row
// per thread of the cycle, with the lock it waits for, the lab's line and its text, and the lock
// it holds that the thread before it waits for.
verdict::Verdict hang_verdict(const Hang& hang) {
  using sync::tracking::describe;
  using sync::tracking::lock_name;
  const auto text_at = [](sync::tracking::Site site) {
    return verdict::source_line(site.file != nullptr ? site.file : "", site.line);
  };
  verdict::Verdict v;
  v.word = "DEADLOCK";
  v.summary = fmt::format(
      "no transfer completed for {:.1f} s ({:.1f} s into the run, after at least {} transfers).",
      seconds(hang.quiet_for), seconds(hang.elapsed),
      report::grouped(static_cast<std::int64_t>(hang.transfers_before_hang)));
  if (!hang.cycle) return v;
  const std::vector<std::size_t>& cycle = *hang.cycle;
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    const sync::tracking::ThreadState& thread = hang.threads[cycle[i]];
    const sync::tracking::ThreadState& before =
        hang.threads[cycle[(i + cycle.size() - 1) % cycle.size()]];
    verdict::Row row;
    row.who = thread.thread;
    row.what = "waits for " + lock_name(thread.waiting_for);
    row.where = describe(thread.waiting_at);
    row.source = text_at(thread.waiting_at);
    row.detail = "holding " + lock_name(before.waiting_for);
    for (const sync::tracking::HeldLock& held : thread.held) {
      if (held.lock != before.waiting_for) continue;
      const std::string taken = describe(held.taken_at);
      row.detail += taken == row.where ? ", taken on the same line"
                                       : ", taken at " + taken + "  " + text_at(held.taken_at);
    }
    v.rows.push_back(std::move(row));
  }
  v.conclusions.emplace_back("the watchdog's wait-for cycle: each waits for a lock the next one "
                             "holds, and none can go on");
  return v;
}

int report_hang(const Options& options, const Hang& hang, const std::string& lock_order_report) {
  const std::string cycle = hang.cycle_text();
  if (options.json) {
    json::Object out = json_start(options);
    out.set("verdict", "deadlock");
    out.set("deadlock", "hang");
    out.set_text_or_null("cycle", cycle);
    out.set("quiet_ms", hang.quiet_for.count());
    out.set("transfers_before_hang", hang.transfers_before_hang);
    out.set("expected_total", nullptr);
    out.set("final_total", nullptr);
    out.set("accounts_off", nullptr);
    out.set("audits", nullptr);
    out.set("audits_off", nullptr);
    out.set("worst_audit_error", nullptr);
    out.set("potential_deadlocks", nullptr);
    out.set_text_or_null("lock_order_report", lock_order_report);
    out.set("elapsed_seconds", json::rounded(seconds(hang.elapsed), 6));
    out.set("transfers_per_second", nullptr);
    out.set("correct", false);
    json::print(out);
    return kDeadlockDetected;
  }
  print_header(options);
  fmt::print("{}", verdict::render(hang_verdict(hang), report::colour_enabled()));
  if (!hang.cycle) {
    fmt::print("\nThe watchdog found no cycle of lock waits (a thread may be waiting for a\n"
               "condition or a message instead).\n");
  }
  fmt::print("\nEvery thread, as the lock tracker saw it:\n");
  for (const std::string& line : sync::tracking::describe_threads(hang.threads)) {
    fmt::print("  {}\n", line);
  }
  print_lock_order_report(lock_order_report);
  return kDeadlockDetected;
}

int report_result(const Options& options, const RunResult& result,
                  const std::string& lock_order_report) {
  const bool audits_ok = result.audits_off == 0 || !options.variant->consistent_audits;
  const bool potential_deadlock = result.potential_deadlocks > 0;
  // The total alone can hide lost transfers: a lost debit on one account and a lost credit on
  // another cancel in the sum, so each account is held to what its transfers made of it too.
  const std::vector<std::size_t> accounts_off = result.accounts_off();
  const bool balances_right = result.total_conserved() && accounts_off.empty();
  const bool correct = balances_right && audits_ok && !potential_deadlock;
  const std::string_view verdict = potential_deadlock ? "potential_deadlock"
                                   : !correct         ? "wrong_balances"
                                                      : "correct";
  if (options.json) {
    json::Object out = json_start(options);
    out.set("verdict", verdict);
    out.set("deadlock", potential_deadlock ? "potential" : "none");
    out.set("cycle", nullptr);
    out.set("quiet_ms", nullptr);
    out.set("transfers_before_hang", nullptr);
    out.set("expected_total", result.expected_total);
    out.set("final_total", result.final_total);
    out.set("accounts_off", accounts_off.size());
    out.set("audits", result.audits);
    out.set("audits_off", result.audits_off);
    out.set("worst_audit_error", result.worst_audit_error);
    out.set("potential_deadlocks", result.potential_deadlocks);
    out.set_text_or_null("lock_order_report", lock_order_report);
    out.set("elapsed_seconds", json::rounded(seconds(result.elapsed), 6));
    out.set("transfers_per_second", std::llround(result.transfers_per_second()));
    out.set("correct", correct);
    json::print(out);
  } else {
    using report::grouped;
    using report::row;
    print_header(options);
    row("transfers", grouped(static_cast<std::int64_t>(result.transfers)));
    row("expected total", grouped(result.expected_total));
    row("final total", grouped(result.final_total));
    row("accounts off", grouped(static_cast<std::int64_t>(accounts_off.size())),
        accounts_off.empty()
            ? std::string("each holds what its transfers made of it")
            : fmt::format("account {} holds {}, where its transfers leave {}", accounts_off[0],
                          grouped(result.final_balances[accounts_off[0]]),
                          grouped(result.expected_balances[accounts_off[0]])));
    row("audits", grouped(static_cast<std::int64_t>(result.audits)),
        !options.config.auditor ? std::string("no auditor ran (--no-auditor)")
        : result.audits_off == 0
            ? std::string("every one saw the expected total")
            : fmt::format("{} saw a different total (off by up to {}){}", result.audits_off,
                          result.worst_audit_error,
                          options.variant->consistent_audits ? "" : ": expected, see README"));
    row("lock-order cycles", grouped(static_cast<std::int64_t>(result.potential_deadlocks)),
        "reported by the lock-order checker");
    row("elapsed", fmt::format("{:.1f} ms", seconds(result.elapsed) * 1e3));
    row("throughput", fmt::format("{:.2f} M/s", result.transfers_per_second() / 1e6),
        "transfers per second, all threads");
    fmt::print("\n");
    if (potential_deadlock) {
      fmt::print("{} this run did not hang, but it took locks in an order that can: two threads\n"
                 "doing it at the same moment would wait for each other forever.\n",
                 report::paint("POTENTIAL DEADLOCK", report::kBad));
      print_lock_order_report(lock_order_report);
    } else if (!correct) {
      fmt::print("{} money was created or destroyed: {}.\n",
                 report::paint("WRONG BALANCES", report::kBad),
                 !result.total_conserved() ? "the total changed"
                 : !accounts_off.empty()   ? "an account holds what its transfers do not leave"
                                           : "an audit saw a total the bank never held");
    } else {
      fmt::print("{} the total was conserved and no lock order could deadlock.\n",
                 report::paint("CORRECT", report::kGood));
    }
  }
  if (potential_deadlock) return kDeadlockDetected;
  return correct ? cli::kCorrect : cli::kBugShowed;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (const auto status =
          cli::start("deadlock", argc, argv, options, &parse, &print_help, kVariants)) {
    return *status;
  }

  LockOrderReports reports;
  sync::tracking::set_report_handler([&reports](const std::string& text) { reports.record(text); });
  const RunResult result = options.variant->run(options.config, [&](const Hang& hang) {
    return report_hang(options, hang, reports.first());
  });
  return report_result(options, result, reports.first());
}
