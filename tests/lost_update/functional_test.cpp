// Functional checks on real threads: every deposit must reach the balance, and the auditor must
// never see it go backwards. In the tsan presets this binary runs under ThreadSanitizer, and any
// report fails the test (the runtime exits non-zero), so "exact by luck" does not pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <optional>
#include <thread>

#include <lost_update/atomic.hpp>
#include <lost_update/channel.hpp>
#include <lost_update/deposit_run.hpp>
#include <lost_update/mutex.hpp>
#include <lost_update/rwlock.hpp>
#include <racelab/start_gate.hpp>

namespace racelab::lost_update {
namespace {

template <AccountLike Account>
void expect_every_deposit_counts() {
  // 4 threads on 2 cores, each depositing for the program's default CPU time: a preemption in the
  // middle of a deposit is certain, not just possible, however fast or busy the machine.
  const RunResult result = run_deposits<Account>({.threads = 4});
  EXPECT_EQ(result.actual, result.expected) << result.lost() << " deposits were lost";
  EXPECT_EQ(result.backward_steps, 0U)
      << "the auditor saw the balance go backwards " << result.backward_steps << " times";
}

// A depositor beside a pure auditor, who never deposits (contract C3, account.hpp). The depositor
// deposits amounts 1 to 8 and asks for the balance after each deposit: as the only depositor, it
// must get exactly the sum of its own deposits (C2: each amount counted as itself; C3a and b),
// while the auditor asks too. The auditor asks again and again, as fast as it can: its readings
// never go backwards (C3c) and never exceed what was deposited.
//
// Sized by a count, not a time: every answer is checked, so no machine's speed is assumed. An
// account that mixes up its callers' answers (one reply channel for all) is caught when the
// depositor takes an answer computed for the auditor before its own deposit. Measured, 5 runs
// each: caught in every run on one core beside a CPU hog, the hardest case (7 to 3,466 wrong
// answers of 20,000), and, with 5,000 deposits, idle, on one core and beside a hog on each core
// (1 to 997). A second auditor made it rarer (the waiters then mostly take the answers in the
// order they asked). A race is ThreadSanitizer's to report, as in every functional check.
template <AccountLike Account>
void expect_a_depositor_sees_its_own_deposits() {
  constexpr int kDeposits = 20'000;

  Account account;
  std::optional<std::jthread> owner;
  if constexpr (OwnedAccount<Account>) {
    // Each thread is named by its role in a race report; the depositor is the main thread.
    owner.emplace([&account] {
      sync::name_this_thread("owner");
      account.serve();
    });
  }

  Amount deposited = 0;
  int wrong_answers = 0;
  Amount first_wrong = 0;
  Amount first_wrong_expected = 0;
  std::uint64_t readings = 0;
  std::uint64_t backward_steps = 0;
  Amount highest = 0;
  {
    // Relaxed is enough: the flag carries no data; the auditor's counts reach us by the join.
    std::atomic<bool> done{false};
    StartGate start(2);  // the auditor is asking before the first deposit
    const std::jthread auditor([&] {
      sync::name_this_thread("auditor");
      start.arrive_and_wait();
      Amount previous = 0;
      do {
        const Amount now = account.balance();
        ++readings;
        if (now < previous) ++backward_steps;
        highest = std::max(highest, now);
        previous = now;
      } while (!done.load(std::memory_order_relaxed));
    });
    start.arrive_and_wait();
    for (int i = 0; i < kDeposits; ++i) {
      const Amount amount = i % 8 + 1;
      account.deposit(amount);
      deposited += amount;
      const Amount seen = account.balance();
      if (seen != deposited && wrong_answers++ == 0) {
        first_wrong = seen;
        first_wrong_expected = deposited;
      }
    }
    done.store(true, std::memory_order_relaxed);
  }  // joins the auditor

  EXPECT_EQ(wrong_answers, 0) << "the only depositor asked for the balance " << kDeposits
                              << " times and got a wrong answer " << wrong_answers
                              << " times; the first: " << first_wrong << " after depositing "
                              << first_wrong_expected << " in all";
  EXPECT_GT(readings, 0U) << "the auditor never read the balance";
  EXPECT_EQ(backward_steps, 0U) << "the auditor saw the balance go backwards " << backward_steps
                                << " times";
  EXPECT_LE(highest, deposited) << "the auditor saw " << highest << ", more than the " << deposited
                                << " ever deposited";
  EXPECT_EQ(account.balance(), deposited)
      << "the final balance is " << account.balance() << ", not the " << deposited << " deposited";
  if constexpr (OwnedAccount<Account>) {
    account.close();
    owner->join();
  }
}

TEST(mutex, EveryDepositReachesTheBalance) { expect_every_deposit_counts<using_mutex::Account>(); }
TEST(mutex, ADepositorSeesItsOwnDepositsBesideAnAuditor) {
  expect_a_depositor_sees_its_own_deposits<using_mutex::Account>();
}
TEST(atomic, EveryDepositReachesTheBalance) {
  expect_every_deposit_counts<using_atomic::Account>();
}
TEST(atomic, ADepositorSeesItsOwnDepositsBesideAnAuditor) {
  expect_a_depositor_sees_its_own_deposits<using_atomic::Account>();
}
TEST(rwlock, EveryDepositReachesTheBalance) {
  expect_every_deposit_counts<using_rwlock::Account>();
}
TEST(rwlock, ADepositorSeesItsOwnDepositsBesideAnAuditor) {
  expect_a_depositor_sees_its_own_deposits<using_rwlock::Account>();
}
TEST(channel, EveryDepositReachesTheBalance) {
  expect_every_deposit_counts<using_channel::Account>();
}
TEST(channel, ADepositorSeesItsOwnDepositsBesideAnAuditor) {
  expect_a_depositor_sees_its_own_deposits<using_channel::Account>();
}

}  // namespace
}  // namespace racelab::lost_update
