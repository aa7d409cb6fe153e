// Relacy model checks of the four exercise accounts. A fix passes only if no explored interleaving
// overdraws the account, refuses a withdrawal the balance covers, loses a deposit, races or
// deadlocks.
//
// Two withdrawers of the last unit is the smallest model in which an account can be overdrawn.
// Search sizes, measured on this project's 2-core machine while others built (model checks at -O1):
//   mutex, atomic, rwlock   two withdrawers of the last unit, full search: ~460-1,200 executions
//                           two callers depositing and withdrawing, full search: ~110,000-140,000
//                           executions (0.5-0.9 s)
//                           3 withdrawers of 2 units, up to 2 preemptions (< 0.2 s)
//   channel (+ its owner)   two withdrawers, up to 1 preemption: ~37,000 executions (~2 s);
//                           depositing and withdrawing, no preemption: ~24,000 (~2 s);
//                           3 withdrawers, no preemption: ~79,000 (~5 s)
// Two preemptions of the channel account took 1.3 million executions (37 s) for two withdrawers
// and did not finish in two minutes for the deposits: every send, receive and reply is a mutex and
// condition-variable hand-off (lost_update's model_test.cpp says more). Without a preemption the
// search still tries every choice at each blocking point (who takes the lock, who is woken), and
// the draft's race, an overdraft decided outside the owner, and a balance read beside the owner
// are each found with at most one preemption in the two-withdrawer model.
#include "model_check.hpp"

#include <overdraft/atomic.hpp>
#include <overdraft/channel.hpp>
#include <overdraft/mutex.hpp>
#include <overdraft/rwlock.hpp>

#include "withdraw_model.hpp"

namespace racelab::overdraft {
namespace {

// Every interleaving of two callers; with the channel's owner on top, `owner_preemptions` forced
// switches at most.
template <class Model, AccountLike Account>
model::Verdict check_two_callers(unsigned owner_preemptions) {
  if constexpr (OwnedAccount<Account>) {
    return model::check<Model>(model::ContextBound{.preemptions = owner_preemptions});
  } else {
    return model::check<Model>(model::FullSearch{});
  }
}

template <AccountLike Account>
void expect_last_unit_paid_once() {
  const model::Verdict verdict = check_two_callers<WithdrawModel<Account, 2, 1>, Account>(1);
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

template <AccountLike Account>
void expect_own_deposit_paid_out() {
  const model::Verdict verdict = check_two_callers<DepositThenWithdrawModel<Account>, Account>(0);
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

template <AccountLike Account>
void expect_three_withdrawers_pass() {
  const model::Verdict verdict = model::check<WithdrawModel<Account, 3, 2>>(
      model::ContextBound{.preemptions = OwnedAccount<Account> ? 0U : 2U});
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

TEST(mutex, ModelTwoWithdrawalsOfTheLastUnit) {
  expect_last_unit_paid_once<using_mutex::Account>();
}
TEST(mutex, ModelOwnDepositIsPaidOut) { expect_own_deposit_paid_out<using_mutex::Account>(); }
TEST(mutex, ModelThreeWithdrawers) { expect_three_withdrawers_pass<using_mutex::Account>(); }
TEST(atomic, ModelTwoWithdrawalsOfTheLastUnit) {
  expect_last_unit_paid_once<using_atomic::Account>();
}
TEST(atomic, ModelOwnDepositIsPaidOut) { expect_own_deposit_paid_out<using_atomic::Account>(); }
TEST(atomic, ModelThreeWithdrawers) { expect_three_withdrawers_pass<using_atomic::Account>(); }
TEST(rwlock, ModelTwoWithdrawalsOfTheLastUnit) {
  expect_last_unit_paid_once<using_rwlock::Account>();
}
TEST(rwlock, ModelOwnDepositIsPaidOut) { expect_own_deposit_paid_out<using_rwlock::Account>(); }
TEST(rwlock, ModelThreeWithdrawers) { expect_three_withdrawers_pass<using_rwlock::Account>(); }
TEST(channel, ModelTwoWithdrawalsOfTheLastUnit) {
  expect_last_unit_paid_once<using_channel::Account>();
}
TEST(channel, ModelOwnDepositIsPaidOut) { expect_own_deposit_paid_out<using_channel::Account>(); }
TEST(channel, ModelThreeWithdrawers) { expect_three_withdrawers_pass<using_channel::Account>(); }

}  // namespace
}  // namespace racelab::overdraft
