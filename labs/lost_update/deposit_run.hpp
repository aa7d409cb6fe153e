// The lost-update experiment on real threads, shared by the lab program and the functional tests.
//
// `threads` depositors each deposit 1, `iterations` times, into one account, all released at once
// by a start gate so that they really overlap. Meanwhile an auditor thread reads the balance
// and counts the times it went backwards, which only a lost update can cause: a stale write
// overwriting newer ones. An account with an owner thread (OwnedAccount) gets one.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

#include <racelab/start_gate.hpp>

#include "account.hpp"

namespace racelab::lost_update {

struct RunConfig {
  unsigned threads = 2;
  std::uint64_t iterations = 10'000'000;
};

struct RunResult {
  Amount expected = 0;
  Amount actual = 0;
  std::uint64_t auditor_reads = 0;
  std::uint64_t backward_steps = 0;  // auditor readings lower than the one before
  std::chrono::nanoseconds elapsed{};  // from the start gate to the last depositor's end

  [[nodiscard]] Amount lost() const { return expected - actual; }
  [[nodiscard]] bool correct() const { return actual == expected && backward_steps == 0; }
  [[nodiscard]] double deposits_per_second() const {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    return seconds > 0 ? static_cast<double>(expected) / seconds : 0.0;
  }
};

template <AccountLike Account>
RunResult run_deposits(const RunConfig& config) {
  using Clock = std::chrono::steady_clock;
  Account account;
  RunResult result;
  result.expected = static_cast<Amount>(config.threads * config.iterations);

  std::optional<std::jthread> owner;
  if constexpr (OwnedAccount<Account>) owner.emplace([&account] { account.serve(); });

  // The auditor stops on the stop token of its jthread. It is polled between readings; the sleep
  // keeps it from hogging a core or the account's lock, which would slow the depositors it audits.
  std::jthread auditor([&account, &result](std::stop_token stop) {
    Amount previous = 0;
    while (!stop.stop_requested()) {
      const Amount now = account.balance();
      ++result.auditor_reads;
      if (now < previous) ++result.backward_steps;
      previous = now;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });

  StartGate start(config.threads);
  {
    std::vector<std::jthread> depositors;
    depositors.reserve(config.threads);
    for (unsigned t = 0; t < config.threads; ++t) {
      depositors.emplace_back([&] {
        start.arrive_and_wait();
        for (std::uint64_t i = 0; i < config.iterations; ++i) account.deposit(1);
      });
    }
  }  // joins every depositor
  result.elapsed = Clock::now() - start.opened_at();

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
