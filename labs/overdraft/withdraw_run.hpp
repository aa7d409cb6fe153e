// The overdraft experiment on real threads, shared by the lab program and the functional tests.
//
// One account, opened at 1, and `threads` cash machines, all released at once by a start gate,
// each withdrawing 1 again and again until every one of them has run for `cpu_time` on a CPU
// (cpu_time.hpp says why CPU time, and lost_update's deposit_run.hpp tells the measurements). A
// machine whose withdrawal is approved reads the balance, as a receipt shows it, and then pays
// the 1 back in: the account stays at its edge, one unit, where every withdrawal is a decision,
// and a correct account never goes below zero.
//
// Two machines that both check 1 and both debit leave -1, and the one that debited second reads
// it on its receipt unless the other has paid back already. When a machine is stopped between
// its check and its debit (once per time slice, on a busy machine), the other machine runs on,
// and is stopped in turn, often while it holds the unit: the first one then debits an empty
// account and reads -1 for certain. The final balance is known too: every approved unit is paid
// back, so it ends where it opened.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <racelab/cpu_time.hpp>
#include <racelab/start_gate.hpp>
#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft {

// The balance the account opens with, and ends with once every approved unit is paid back.
inline constexpr Amount kOpening = 1;

struct RunConfig {
  unsigned threads = 2;
  // How long each cash machine keeps withdrawing, in CPU time: ~30 of the scheduler's 3 ms time
  // slices, each a chance to stop a machine between its check and its debit (README.md, "How
  // often it shows", has the measurements); the same value serves the plain build and
  // ThreadSanitizer.
  std::chrono::milliseconds cpu_time{100};
};

struct RunResult {
  std::uint64_t withdrawals = 0;  // asked for, by all the cash machines
  std::uint64_t approved = 0;     // each followed by a reading of the balance and a payment back
  std::uint64_t negative_readings = 0;
  Amount lowest = kOpening;  // the lowest balance a machine read after an approval
  Amount final_balance = 0;
  std::chrono::nanoseconds elapsed{};  // wall time, start gate to the last machine's end

  [[nodiscard]] static Amount expected_final() { return kOpening; }
  [[nodiscard]] bool overdrawn() const { return negative_readings > 0 || final_balance < 0; }
  [[nodiscard]] bool correct() const { return !overdrawn() && final_balance == expected_final(); }
  [[nodiscard]] double withdrawals_per_second() const {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    return seconds > 0 ? static_cast<double>(withdrawals) / seconds : 0.0;
  }
};

// The machines look at the stop flag once per batch, as lost_update's depositors do: a load and a
// branch per withdrawal would dilute the window between its check and its debit.
inline constexpr unsigned kWithdrawalsPerBatch = 256;

template <AccountLike Account>
RunResult run_withdrawals(const RunConfig& config) {
  using Clock = std::chrono::steady_clock;
  Account account(kOpening);
  RunResult result;

  std::optional<std::jthread> owner;
  if constexpr (OwnedAccount<Account>) {
    owner.emplace([&account] {
      sync::name_this_thread("owner");  // each thread's name is its role in a race report
      account.serve();
    });
  }

  struct Counts {
    std::uint64_t withdrawals = 0;
    std::uint64_t approved = 0;
    std::uint64_t negative_readings = 0;
    Amount lowest = kOpening;
  };
  // Relaxed is enough: the flag carries no data. Each machine's counts reach us by the join.
  std::atomic<bool> stop{false};
  std::vector<Counts> counts(config.threads);
  StartGate start(config.threads + 1);  // this thread too: CPU time counts from the release
  {
    std::vector<std::jthread> machines;
    machines.reserve(config.threads);
    for (unsigned t = 0; t < config.threads; ++t) {
      machines.emplace_back([&account, &start, &stop, &mine = counts[t], t] {
        sync::name_this_thread("cash machine " + std::to_string(t + 1));
        start.arrive_and_wait();
        Counts local;  // locals: a vector slot per withdrawal would be false sharing
        do {
          for (unsigned i = 0; i < kWithdrawalsPerBatch; ++i) {
            if (!account.withdraw(1)) continue;
            ++local.approved;
            const Amount receipt = account.balance();
            local.lowest = std::min(local.lowest, receipt);
            if (receipt < 0) ++local.negative_readings;
            account.deposit(1);
          }
          local.withdrawals += kWithdrawalsPerBatch;
        } while (!stop.load(std::memory_order_relaxed));
        mine = local;
      });
    }
    start.arrive_and_wait();
    wait_until_each_has_run(machines, config.cpu_time);
    stop.store(true, std::memory_order_relaxed);
  }  // joins every machine
  result.elapsed = Clock::now() - start.opened_at();

  for (const Counts& c : counts) {
    result.withdrawals += c.withdrawals;
    result.approved += c.approved;
    result.negative_readings += c.negative_readings;
    result.lowest = std::min(result.lowest, c.lowest);
  }
  result.final_balance = account.balance();
  if constexpr (OwnedAccount<Account>) {
    account.close();
    owner->join();
  }
  return result;
}

}  // namespace racelab::overdraft
