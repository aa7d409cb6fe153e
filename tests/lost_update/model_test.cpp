// Relacy model checks of the four exercise accounts. A fix passes only if no explored interleaving
// loses a deposit, races, deadlocks, or shows a depositor a balance without its own deposits.
//
// Two depositors is the smallest model in which an update can be lost, so every check of lost
// updates has at least two; the channel's owner thread comes on top. Search sizes, measured on this
// project's 2-core machine (RelWithDebInfo):
//   mutex, atomic, rwlock   2 threads x 2 deposits, full search: every interleaving  (< 0.3 s)
//                           3 threads, up to 2 preemptions                            (< 0.1 s)
//   channel                 2 depositors + owner, up to 2 preemptions: ~340,000 executions (~2 s)
//                           no three-depositor check: 3 depositors + owner, up to 1 preemption,
//                           took ~890,000 executions (7 to 12 s, most of a warm `scripts/lab
//                           check`) and failed no file the two-depositor or the auditor check
//                           passes: neither the shipped draft nor any of the grading corpus's
//                           channel entries (tests/grading/corpus/lost_update/channel.*)
//   a depositor beside a pure auditor (AuditedDepositModel): mutex, atomic, rwlock, full search
//   (< 0.1 s); channel, + owner, up to 1 preemption: ~198,000 executions (~2 s of CPU; 2
//   preemptions took 115 s). One reply channel shared by all callers fails it after ~300.
// A full search of the channel account does not finish in an hour: every send, receive and reply
// is a mutex and condition-variable hand-off with many scheduling points. The channel itself is
// checked on its own in tests/sync/channel_model_test.cpp (a full search with one producer, a
// bounded one with two). Bounded preemption is the right trade here: nearly all real concurrency
// bugs need only one or two preemptions to show.
#include "model_check.hpp"

#include <lost_update/atomic.hpp>
#include <lost_update/channel.hpp>
#include <lost_update/mutex.hpp>
#include <lost_update/rwlock.hpp>

#include "deposit_model.hpp"

namespace racelab::lost_update {
namespace {

template <AccountLike Account>
void expect_two_depositors_pass() {
  model::Verdict verdict;
  if constexpr (OwnedAccount<Account>) {
    verdict = model::check<DepositModel<Account, 2, 1>>(model::ContextBound{.preemptions = 2});
  } else {
    verdict = model::check<DepositModel<Account, 2, 2>>(model::FullSearch{});
  }
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

// Not for the channel's account (the header says why). It still compiles for it: scripts/lab's
// one-exercise builds make every technique's name an alias of the one being checked.
template <AccountLike Account>
void expect_three_depositors_pass() {
  if constexpr (OwnedAccount<Account>) {
    ADD_FAILURE() << "no three-depositor model check for an account with an owner thread";
  } else {
    const model::Verdict verdict =
        model::check<DepositModel<Account, 3, 1>>(model::ContextBound{.preemptions = 2});
    EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
  }
}

// A depositor beside a pure auditor (deposit_model.hpp): two threads, every interleaving; with the
// channel's owner on top, up to two preemptions.
template <AccountLike Account>
void expect_depositor_and_auditor_pass() {
  model::Verdict verdict;
  if constexpr (OwnedAccount<Account>) {
    verdict = model::check<AuditedDepositModel<Account>>(model::ContextBound{.preemptions = 1});
  } else {
    verdict = model::check<AuditedDepositModel<Account>>(model::FullSearch{});
  }
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

TEST(mutex, ModelTwoDepositors) { expect_two_depositors_pass<using_mutex::Account>(); }
TEST(mutex, ModelThreeDepositors) { expect_three_depositors_pass<using_mutex::Account>(); }
TEST(mutex, ModelDepositorBesideAnAuditor) {
  expect_depositor_and_auditor_pass<using_mutex::Account>();
}
TEST(atomic, ModelTwoDepositors) { expect_two_depositors_pass<using_atomic::Account>(); }
TEST(atomic, ModelThreeDepositors) { expect_three_depositors_pass<using_atomic::Account>(); }
TEST(atomic, ModelDepositorBesideAnAuditor) {
  expect_depositor_and_auditor_pass<using_atomic::Account>();
}
TEST(rwlock, ModelTwoDepositors) { expect_two_depositors_pass<using_rwlock::Account>(); }
TEST(rwlock, ModelThreeDepositors) { expect_three_depositors_pass<using_rwlock::Account>(); }
TEST(rwlock, ModelDepositorBesideAnAuditor) {
  expect_depositor_and_auditor_pass<using_rwlock::Account>();
}
TEST(channel, ModelTwoDepositors) { expect_two_depositors_pass<using_channel::Account>(); }
TEST(channel, ModelDepositorBesideAnAuditor) {
  expect_depositor_and_auditor_pass<using_channel::Account>();
}

}  // namespace
}  // namespace racelab::lost_update
