// withdraw_model.hpp — the overdraft as Relacy test suites.
//
// The same account code as the real program, with threads that are Relacy's. Every suite asserts
// the lab's invariant wherever a balance is read, with the words of its report: "balance never
// negative". For an account with an owner thread (OwnedAccount) the owner is one more thread, and
// the last caller to finish closes the account so that serve() returns.
#pragma once

#include "model_check.hpp"

#include <overdraft/account.hpp>

namespace racelab::overdraft {

// The invariant, as every model asserts it: its text is what Relacy's report prints.
inline void assert_never_negative(Amount balance) {
  RL_ASSERT(balance >= 0 && "balance never negative");
}

// `Withdrawers` threads each withdraw 1, once, from an account opened at `Opening`. Exactly
// min(Opening, Withdrawers) are approved (C3, C3b: the first `Opening` decisions see enough), each
// approver then reads a balance that is never negative, and the last to finish reads what is
// left: the opening minus the approvals (C4).
template <AccountLike Account, unsigned Withdrawers, Amount Opening>
struct WithdrawModel : rl::test_suite<WithdrawModel<Account, Withdrawers, Opening>,
                                      Withdrawers + (OwnedAccount<Account> ? 1 : 0)> {
  static constexpr Amount kApprovals = Opening < Withdrawers ? Opening : Amount{Withdrawers};

  Account account{Opening};
  // Test machinery, not the system under test: the count of approvals, and acq_rel so that the
  // last withdrawer's final reading happens after every withdrawal.
  sync::atomic<unsigned> approved{0};
  sync::atomic<unsigned> finished{0};

  void thread(unsigned index) {
    if constexpr (OwnedAccount<Account>) {
      if (index == Withdrawers) {
        account.serve();
        return;
      }
    }
    if (account.withdraw(1)) {
      approved.fetch_add(1, std::memory_order_relaxed);
      assert_never_negative(account.balance());
    }
    if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == Withdrawers) {
      const Amount left = account.balance();
      assert_never_negative(left);
      RL_ASSERT(approved.load(std::memory_order_relaxed) == kApprovals);
      RL_ASSERT(left == Opening - kApprovals);
      if constexpr (OwnedAccount<Account>) account.close();
    }
  }
};

// Two callers, each depositing 1 and then withdrawing 1 from an account opened at 0 (C3b): the
// balance covers each one's own withdrawal whatever the other does, so both are approved; each
// reads the balance after its deposit (at least 1) and after its withdrawal (never negative), and
// the account ends at 0. A failed exchange taken for a refusal, or a deposit lost beside a
// withdrawal, fails it.
template <AccountLike Account>
struct DepositThenWithdrawModel
    : rl::test_suite<DepositThenWithdrawModel<Account>, 2 + (OwnedAccount<Account> ? 1 : 0)> {
  static constexpr unsigned kCallers = 2;

  Account account{0};
  sync::atomic<unsigned> finished{0};  // test machinery, as in WithdrawModel

  void thread(unsigned index) {
    if constexpr (OwnedAccount<Account>) {
      if (index == kCallers) {
        account.serve();
        return;
      }
    }
    account.deposit(1);
    RL_ASSERT(account.balance() >= 1);
    RL_ASSERT(account.withdraw(1));
    assert_never_negative(account.balance());
    if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == kCallers) {
      RL_ASSERT(account.balance() == 0);
      if constexpr (OwnedAccount<Account>) account.close();
    }
  }
};

}  // namespace racelab::overdraft
