// deposit_model.hpp — the lost-update experiment as a Relacy test suite.
//
// The same account code as the real program, with threads that are Relacy's: `Depositors`
// threads each deposit 1, `DepositsEach` times, and after every deposit read the balance back
// (which must already include their own deposits: the reader side is checked too). The last
// depositor to finish checks the final balance, and, for an account with an owner thread, closes
// it, so the owner's serve() returns and the execution can end.
#pragma once

#include "model_check.hpp"

#include <lost_update/account.hpp>

namespace racelab::lost_update {

template <AccountLike Account, unsigned Depositors, Amount DepositsEach>
struct DepositModel : rl::test_suite<DepositModel<Account, Depositors, DepositsEach>,
                                     Depositors + (OwnedAccount<Account> ? 1 : 0)> {
  static constexpr Amount kExpected = Amount{Depositors} * DepositsEach;

  Account account;
  // Test machinery, not the system under test. acq_rel makes the last depositor's final read
  // happen after every deposit, so that read cannot itself be the race a check reports.
  sync::atomic<unsigned> finished{0};

  void thread(unsigned index) {
    if constexpr (OwnedAccount<Account>) {
      if (index == Depositors) {
        account.serve();
        return;
      }
    }
    for (Amount mine = 1; mine <= DepositsEach; ++mine) {
      account.deposit(1);
      RL_ASSERT(account.balance() >= mine);
    }
    if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == Depositors) {
      RL_ASSERT(account.balance() == kExpected);
      if constexpr (OwnedAccount<Account>) account.close();
    }
  }
};

}  // namespace racelab::lost_update
