// The lost-update experiment on real threads, shared by the lab program and the functional tests.
//
// `threads` depositors, all released at once by a start gate so that they really overlap, each
// deposit 1 into one account, again and again, until every one of them has run for `cpu_time`
// on a CPU. Each counts its own deposits, so the balance the account should end at is exact: the
// sum of those counts. Meanwhile an auditor thread reads the balance and counts the times it went
// backwards, which only a lost update can cause: a stale write overwriting newer ones. An account
// with an owner thread (OwnedAccount) gets one.
//
// Why the run is sized by time and not by a number of deposits: a count is a duration only on the
// machine it was tuned on. Ten million deposits take 15 ms on an idle 2-core machine, less than a
// few of the scheduler's time slices, so on a busy machine one depositor could make all of its
// deposits while the other waited, and no update was lost (4 runs in 10 with two CPU hogs).
//
// Why CPU time and not time on the wall clock: what makes an update vanish is a depositor that
// is stopped between its read and its write while another one deposits, and a thread is stopped
// about once per time slice *it runs*. On a busy machine a thread runs for a fraction of the wall
// clock (a quarter with 8 runnable threads on 2 cores), so a wall-clock duration shrinks the
// experiment exactly where it is hardest to see; CPU time gives every depositor the same number
// of chances on any machine. It also leaves out the time a depositor spends blocked: under
// ThreadSanitizer the first race report stalls both depositors while it is symbolized, and on a
// busy machine that used up the whole of a 500 ms wall-clock run in 4 runs of 20 (each depositor
// had made one batch of deposits, and none was lost).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <racelab/cpu_time.hpp>
#include <racelab/start_gate.hpp>
#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update {

struct RunConfig {
  unsigned threads = 2;
  // How long each depositor keeps depositing, in CPU time: ~70 of the scheduler's 3 ms time
  // slices, enough that a busy machine interleaves the depositors many times over (README.md has
  // the measurements behind the figure), short enough to run twenty times in seconds on an idle
  // machine. The same value serves the plain build and ThreadSanitizer, which only makes each
  // deposit slower.
  std::chrono::milliseconds cpu_time{200};
};

struct RunResult {
  Amount expected = 0;  // the deposits made, as the depositors counted them
  Amount actual = 0;
  std::uint64_t auditor_reads = 0;
  std::uint64_t backward_steps = 0;    // auditor readings lower than the one before
  std::chrono::nanoseconds elapsed{};  // wall time, start gate to the last depositor's end

  [[nodiscard]] Amount lost() const { return expected - actual; }
  [[nodiscard]] bool correct() const { return actual == expected && backward_steps == 0; }
  [[nodiscard]] double deposits_per_second() const {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    return seconds > 0 ? static_cast<double>(expected) / seconds : 0.0;
  }
};

// The depositors look at the stop flag once per batch: a relaxed load is cheap, but one per
// deposit would still put a load and a branch into every deposit and dilute the window between
// its read and its write. A batch is ~1 µs in the plain build, so the stop lands on time.
inline constexpr unsigned kDepositsPerBatch = 1024;

template <AccountLike Account>
RunResult run_deposits(const RunConfig& config) {
  using Clock = std::chrono::steady_clock;
  Account account;
  RunResult result;

  std::optional<std::jthread> owner;
  if constexpr (OwnedAccount<Account>) {
    owner.emplace([&account] {
      sync::name_this_thread("owner");  // each thread's name is its role in a race report
      account.serve();
    });
  }

  // The auditor stops on the stop token of its jthread. It is polled between readings; the sleep
  // keeps it from hogging a core or the account's lock, which would slow the depositors it audits.
  std::jthread auditor([&account, &result](std::stop_token stop) {
    sync::name_this_thread("auditor");
    Amount previous = 0;
    while (!stop.stop_requested()) {
      const Amount now = account.balance();
      ++result.auditor_reads;
      if (now < previous) ++result.backward_steps;
      previous = now;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });

  // Relaxed is enough: the flag carries no data. Each count reaches this thread by the join.
  std::atomic<bool> stop{false};
  std::vector<std::uint64_t> deposits_made(config.threads);
  // This thread passes the gate too, so that CPU time is counted from the moment the depositors
  // are all released, not from their start (which the gate's spinning is part of).
  StartGate start(config.threads + 1);
  {
    std::vector<std::jthread> depositors;
    depositors.reserve(config.threads);
    for (unsigned t = 0; t < config.threads; ++t) {
      depositors.emplace_back([&account, &start, &stop, &made = deposits_made[t], t] {
        sync::name_this_thread("depositor " + std::to_string(t + 1));
        start.arrive_and_wait();
        std::uint64_t count = 0;  // a local: a vector slot per deposit would be false sharing
        do {
          for (unsigned i = 0; i < kDepositsPerBatch; ++i) account.deposit(1);
          count += kDepositsPerBatch;
        } while (!stop.load(std::memory_order_relaxed));
        made = count;
      });
    }
    start.arrive_and_wait();
    wait_until_each_has_run(depositors, config.cpu_time);
    stop.store(true, std::memory_order_relaxed);
  }  // joins every depositor
  result.elapsed = Clock::now() - start.opened_at();
  result.expected = static_cast<Amount>(
      std::accumulate(deposits_made.begin(), deposits_made.end(), std::uint64_t{0}));

  auditor.request_stop();
  auditor.join();  // result.auditor_reads and backward_steps are complete, and ours to read

  result.actual = account.balance();
  if constexpr (OwnedAccount<Account>) {
    account.close();
    owner->join();
  }
  return result;
}

}  // namespace racelab::lost_update
