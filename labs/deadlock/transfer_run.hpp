// The transfer experiment on real threads, shared by the lab program and the functional tests.
//
// `threads` threads make transfers of 1 between two different accounts, picked at random (a fixed
// seed per thread, so runs are alike), all released at once by a start gate. Each makes at least
// `transfers` of them, and goes on until it has also run for `cpu_time` on a CPU.
// Meanwhile an auditor thread (or several) sums the balances again and again, and reads one
// account's; the sum must always equal what the bank opened with. At the end, every account must
// hold exactly what the transfers made of it. A bank with an owner thread (OwnedBank) gets one.
//
// A deadlocked run never ends by itself, so a watchdog watches the transfer count. When it has
// not moved for `watchdog` (2 s by default), the watchdog reads the lock tracker's table
// (racelab/sync/lock_tracking.hpp), finds the wait-for cycle, hands it all to `on_hang`, and ends
// the process with the status `on_hang` returns. There is no way to return normally: the stuck
// threads can never be joined, and their locks can never be destroyed.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <numeric>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <racelab/cpu_time.hpp>
#include <racelab/start_gate.hpp>
#include <racelab/sync.hpp>
#include <racelab/sync/lock_tracking.hpp>
#include <racelab/sync/wait_for.hpp>
#include <racelab/watchdog.hpp>

#include "bank.hpp"

namespace racelab::deadlock {

inline constexpr Amount kOpeningBalance = 1'000;
inline constexpr Amount kTransferAmount = 1;

struct RunConfig {
  unsigned threads = 2;
  std::uint64_t transfers = 1'000'000;  // per thread, at least
  // Per thread, at least, in CPU time. A count alone is a duration only on the machine it was
  // tuned on: a million atomic transfers take 20 ms, a few of the scheduler's time slices, so on a
  // busy machine one thread made all of them while the other waited, and a transfer made of a
  // load and a store lost none (7 runs in 20 with a CPU hog on each core; 80,000 transfers in
  // the functional checks lost none in 20 runs on one core). 100 ms is ~30 time slices of being
  // stopped, in or out of a transfer. lost_update sizes its run the same way, and says why CPU
  // time and not the wall clock.
  std::chrono::milliseconds cpu_time{100};
  std::size_t accounts = 2;
  std::chrono::milliseconds watchdog{2'000};
  bool auditor = true;    // without it, one transfer thread alone cannot deadlock
  unsigned auditors = 1;  // with `auditor`: how many audit at once (total() beside total())
};

struct RunResult {
  Amount expected_total = 0;
  Amount final_total = 0;
  std::uint64_t transfers = 0;
  std::uint64_t audits = 0;
  std::uint64_t audits_off = 0;           // audits whose sum was not the expected total
  Amount worst_audit_error = 0;           // the largest |sum - expected| an audit saw
  std::uint64_t potential_deadlocks = 0;  // lock-order cycles the checker reported in this run
  std::chrono::nanoseconds elapsed{};     // from the start gate to the last transfer's end
  std::vector<Amount> expected_balances;  // each account: its opening balance and the transfers'
  std::vector<Amount> final_balances;     // balance(account) at rest, after the run

  [[nodiscard]] bool total_conserved() const { return final_total == expected_total; }
  // The accounts, one by one, whose final balance is not what the transfers made of it.
  [[nodiscard]] std::vector<std::size_t> accounts_off() const {
    std::vector<std::size_t> off;
    for (std::size_t i = 0; i < expected_balances.size(); ++i) {
      if (i >= final_balances.size() || final_balances[i] != expected_balances[i]) off.push_back(i);
    }
    return off;
  }
  [[nodiscard]] double transfers_per_second() const {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    return seconds > 0 ? static_cast<double>(transfers) / seconds : 0.0;
  }
};

// What the watchdog saw when the transfers stopped.
struct Hang {
  std::chrono::milliseconds quiet_for{};    // how long no transfer had completed
  std::chrono::nanoseconds elapsed{};       // since the run started
  std::uint64_t transfers_before_hang = 0;  // at least this many: threads report in batches
  std::vector<sync::tracking::ThreadState> threads;
  std::optional<std::vector<std::size_t>> cycle;  // indexes into threads

  [[nodiscard]] std::string cycle_text() const {
    return cycle ? sync::tracking::describe_cycle(threads, *cycle) : std::string();
  }
};

// Reports a hang and returns the exit status the process ends with.
using HangHandler = std::function<int(const Hang&)>;

namespace detail {

// splitmix64: small, fast, and the same sequence on every machine, so every run of a variant
// makes the same transfers.
class TransferPicker {
 public:
  TransferPicker(unsigned thread, std::size_t accounts) : state_(thread + 1), accounts_(accounts) {}

  // Two different accounts, uniformly at random; with two accounts, a random direction.
  std::pair<std::size_t, std::size_t> next() {
    const std::size_t from = next_random() % accounts_;
    const std::size_t to = (from + 1 + next_random() % (accounts_ - 1)) % accounts_;
    return {from, to};
  }

 private:
  std::uint64_t next_random() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_;
  std::size_t accounts_;
};

// Threads count their transfers locally and publish them in batches: one shared counter bumped on
// every transfer would cost more than an atomic transfer itself, and the watchdog only needs to
// see movement.
inline constexpr std::uint64_t kProgressBatch = 64;

}  // namespace detail

template <BankLike Bank>
RunResult run_transfers(const RunConfig& config, const HangHandler& on_hang) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point run_started = Clock::now();
  const std::uint64_t reports_before = sync::tracking::potential_deadlocks();

  RunResult result;
  result.expected_total = static_cast<Amount>(config.accounts) * kOpeningBalance;
  std::atomic<std::uint64_t> progress{0};

  Bank bank(config.accounts, kOpeningBalance);

  // Declared before every thread of the run, so destroyed after all of them are joined: it also
  // watches the joins.
  Watchdog watchdog(progress, config.watchdog, [&](std::chrono::milliseconds quiet_for) {
    Hang hang;
    hang.quiet_for = quiet_for;
    hang.elapsed = Clock::now() - run_started;
    hang.transfers_before_hang = progress.load(std::memory_order_relaxed);
    hang.threads = sync::tracking::snapshot();
    hang.cycle = sync::tracking::find_wait_cycle(hang.threads);
    const int status = on_hang(hang);
    std::fflush(nullptr);
    std::_Exit(status);  // no unwinding: destructors would wait for the stuck threads forever
  });

  std::optional<std::jthread> owner;
  if constexpr (OwnedBank<Bank>) {
    owner.emplace([&bank] {
      sync::name_this_thread("owner");
      bank.serve();
    });
  }

  // The auditor's first audit is taken at rest, before the start gate opens: a baseline that must
  // match the opening total. It then passes the gate with the transfer threads, so that its audits
  // overlap their transfers from the first one on. Its sleep keeps it from hogging a core or the
  // locks it audits with.
  //
  // The baseline has a second use. ThreadSanitizer learns a lock order only from an acquisition
  // that completed; if the very first transfers collide, it has seen no order yet and reports
  // nothing. An audit that takes the accounts in index order teaches it the ascending order, so
  // the first thread that waits in descending order is reported before it blocks.
  //
  // With several auditors, each keeps its own tally (merged once they are joined), and each also
  // reads one account's balance per audit, so that balance() runs beside everything else too.
  const unsigned auditors = config.auditor ? std::max(config.auditors, 1U) : 0U;
  struct Tally {
    std::uint64_t audits = 0;
    std::uint64_t audits_off = 0;
    Amount worst_audit_error = 0;
  };
  std::vector<Tally> tallies(auditors);
  StartGate start(config.threads + auditors);
  std::vector<std::jthread> auditor_threads;
  for (unsigned a = 0; a < auditors; ++a) {
    auditor_threads.emplace_back([&bank, &result, &start, &config, &tally = tallies[a], a,
                                  auditors](std::stop_token stop) {
      sync::name_this_thread(auditors == 1 ? std::string("auditor")
                                           : "auditor " + std::to_string(a + 1));
      std::size_t account = a;
      auto audit = [&] {
        const Amount error = bank.total() - result.expected_total;
        ++tally.audits;
        if (error != 0) {
          ++tally.audits_off;
          tally.worst_audit_error = std::max(tally.worst_audit_error, error < 0 ? -error : error);
        }
        if constexpr (AccountsReadable<Bank>) {
          if (auditors > 1) {
            account = (account + 1) % config.accounts;
            static_cast<void>(bank.balance(account));  // in flight: any value; only a hang counts
          }
        }
      };
      audit();
      start.arrive_and_wait();
      while (!stop.stop_requested()) {
        audit();
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
  }

  // What each thread's transfers did to each account, and how many it made, kept by the thread
  // itself.
  std::vector<std::vector<Amount>> moved(config.threads, std::vector<Amount>(config.accounts, 0));
  std::vector<std::uint64_t> made_by(config.threads, 0);
  // Set once every thread has run for cpu_time; read once per batch, like the progress count, so
  // that no transfer pays for it.
  std::atomic<bool> ran_long_enough{false};
  {
    std::vector<std::jthread> workers;
    workers.reserve(config.threads);
    for (unsigned t = 0; t < config.threads; ++t) {
      workers.emplace_back([&, t] {
        sync::name_this_thread("thread " + std::to_string(t + 1));
        detail::TransferPicker picker(t, config.accounts);
        std::vector<Amount>& mine = moved[t];
        std::uint64_t made = 0;
        std::uint64_t published = 0;
        start.arrive_and_wait();
        for (;;) {
          const auto [from, to] = picker.next();
          bank.transfer(from, to, kTransferAmount);
          mine[from] -= kTransferAmount;
          mine[to] += kTransferAmount;
          ++made;
          if (made % detail::kProgressBatch == 0 || made == config.transfers) {
            progress.fetch_add(made - published, std::memory_order_relaxed);
            published = made;
            if (made >= config.transfers && ran_long_enough.load(std::memory_order_relaxed)) break;
          }
        }
        made_by[t] = made;
      });
    }
    // A deadlocked thread runs no more, so this never returns for a hung run: the watchdog ends it.
    wait_until_each_has_run(workers, config.cpu_time);
    ran_long_enough.store(true, std::memory_order_relaxed);
  }  // joins every transfer thread
  result.elapsed = Clock::now() - start.opened_at();
  result.transfers = std::accumulate(made_by.begin(), made_by.end(), std::uint64_t{0});

  for (std::jthread& auditor : auditor_threads) {
    auditor.request_stop();
    auditor.join();  // its tally is complete, and ours to read
  }
  for (const Tally& tally : tallies) {
    result.audits += tally.audits;
    result.audits_off += tally.audits_off;
    result.worst_audit_error = std::max(result.worst_audit_error, tally.worst_audit_error);
  }

  result.final_total = bank.total();
  result.expected_balances.assign(config.accounts, kOpeningBalance);
  for (const std::vector<Amount>& mine : moved) {
    for (std::size_t i = 0; i < config.accounts; ++i) result.expected_balances[i] += mine[i];
  }
  if constexpr (AccountsReadable<Bank>) {
    for (std::size_t i = 0; i < config.accounts; ++i) {
      result.final_balances.push_back(bank.balance(i));
    }
  } else {
    result.final_balances = result.expected_balances;  // unreadable: held to the total alone
  }
  if constexpr (OwnedBank<Bank>) {
    bank.close();
    owner->join();
  }
  result.potential_deadlocks = sync::tracking::potential_deadlocks() - reports_before;
  return result;
}

}  // namespace racelab::deadlock
