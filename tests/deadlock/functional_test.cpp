// Functional checks on real threads: money is conserved, every account ends with exactly what the
// transfers made of it, audits see the right total (at rest only for the atomic bank), several
// auditors may audit at once, and the lock-order checker finds no cycle. A bank that hangs is
// caught by the run's watchdog, which prints the wait-for cycle and ends this test process with
// status 1: a deadlocked thread cannot be unwound, so there is no other way to fail. In the tsan
// presets this binary also runs under ThreadSanitizer, whose lock-order and race reports fail the
// test too.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include <deadlock/atomic.hpp>
#include <deadlock/channel.hpp>
#include <deadlock/mutex.hpp>
#include <deadlock/rwlock.hpp>
#include <deadlock/transfer_run.hpp>
#include <racelab/sync/wait_for.hpp>

namespace racelab::deadlock {
namespace {

// 4 threads over 4 accounts on 2 cores: every pair of accounts meets in both directions. Each
// thread also runs for RunConfig's 100 ms of CPU at least, so that it is stopped in the middle of
// transfers many times on any machine: by count alone, 20,000 transfers each took less than one
// time slice on one core, and a transfer made of a load and a store lost nothing in 20 runs. A
// transfer takes microseconds even under ThreadSanitizer, so 5 s without one is a hang by a
// margin of more than a thousand times.
constexpr RunConfig kConfig{
    .threads = 4, .transfers = 20'000, .accounts = 4, .watchdog = std::chrono::seconds(5)};

int fail_on_hang(const Hang& hang) {
  std::fprintf(stderr, "FAILED: the transfers hung (no progress for %lld ms).\n",
               static_cast<long long>(hang.quiet_for.count()));
  if (hang.cycle) std::fprintf(stderr, "wait-for cycle: %s\n", hang.cycle_text().c_str());
  for (const std::string& line : sync::tracking::describe_threads(hang.threads)) {
    std::fprintf(stderr, "  %s\n", line.c_str());
  }
  return 1;
}

// The same, with three auditors: total() beside total() (and balance() beside everything), while
// the transfers run.
constexpr RunConfig kSeveralAuditors{.threads = 4,
                                     .transfers = 20'000,
                                     .accounts = 4,
                                     .watchdog = std::chrono::seconds(5),
                                     .auditors = 3};

enum class Audits { consistent, at_rest_only };

template <BankLike Bank>
void expect_conserved_and_deadlock_free(Audits audits, const RunConfig& config = kConfig) {
  const RunResult result = run_transfers<Bank>(config, &fail_on_hang);
  EXPECT_EQ(result.final_total, result.expected_total)
      << "money was created or destroyed: the accounts hold " << result.final_total
      << " in all, not " << result.expected_total;
  for (const std::size_t account : result.accounts_off()) {
    ADD_FAILURE() << "account " << account << " holds " << result.final_balances[account]
                  << " at rest, where its transfers leave " << result.expected_balances[account]
                  << " (a transfer moved the wrong amount, or between the wrong accounts)";
  }
  EXPECT_EQ(result.potential_deadlocks, 0U)
      << "the lock-order checker found a cycle (its report is above)";
  if (audits == Audits::consistent) {
    EXPECT_EQ(result.audits_off, 0U)
        << result.audits_off << " of " << result.audits
        << " audits saw a wrong total, off by up to " << result.worst_audit_error;
  }
}

TEST(mutex, MoneyIsConservedWithoutLockOrderCycles) {
  expect_conserved_and_deadlock_free<using_mutex::Bank>(Audits::consistent);
}
TEST(atomic, MoneyIsConservedWithoutLockOrderCycles) {
  expect_conserved_and_deadlock_free<using_atomic::Bank>(Audits::at_rest_only);
}
TEST(rwlock, MoneyIsConservedWithoutLockOrderCycles) {
  expect_conserved_and_deadlock_free<using_rwlock::Bank>(Audits::consistent);
}
TEST(channel, MoneyIsConservedWithoutLockOrderCycles) {
  expect_conserved_and_deadlock_free<using_channel::Bank>(Audits::consistent);
}

TEST(mutex, SeveralAuditorsBesideTransfers) {
  expect_conserved_and_deadlock_free<using_mutex::Bank>(Audits::consistent, kSeveralAuditors);
}
TEST(atomic, SeveralAuditorsBesideTransfers) {
  expect_conserved_and_deadlock_free<using_atomic::Bank>(Audits::at_rest_only, kSeveralAuditors);
}
TEST(rwlock, SeveralAuditorsBesideTransfers) {
  expect_conserved_and_deadlock_free<using_rwlock::Bank>(Audits::consistent, kSeveralAuditors);
}
TEST(channel, SeveralAuditorsBesideTransfers) {
  expect_conserved_and_deadlock_free<using_channel::Bank>(Audits::consistent, kSeveralAuditors);
}

}  // namespace
}  // namespace racelab::deadlock
