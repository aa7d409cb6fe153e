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

namespace racelab::lost_update {

// One depositor beside a pure auditor, who never deposits (and, for an owned account, the owner):
// the case of contract clause C3 that DepositModel, whose every reader is also a depositor, cannot
// tell apart from a right answer. The depositor deposits 1, then 2, and after each asks for the
// balance: as the only depositor it must see exactly its own deposits (C3a, b), whatever the
// auditor asks meanwhile. (An answer meant for the auditor, computed before the deposit, is short.)
// The auditor reads twice: each reading the sum of some of the deposits (0, 1 or 3), the second
// no lower than the first (C3c).
template <AccountLike Account>
struct AuditedDepositModel
    : rl::test_suite<AuditedDepositModel<Account>, 2 + (OwnedAccount<Account> ? 1 : 0)> {
  static constexpr unsigned kDepositor = 0;
  static constexpr unsigned kParticipants = 2;  // the depositor and the auditor
  static constexpr unsigned kOwner = kParticipants;

  Account account;
  // Test machinery, as in DepositModel: the last participant's final read follows every deposit.
  sync::atomic<unsigned> finished{0};

  static bool some_deposits(Amount balance) { return balance == 0 || balance == 1 || balance == 3; }

  void thread(unsigned index) {
    if constexpr (OwnedAccount<Account>) {
      if (index == kOwner) {
        account.serve();
        return;
      }
    }
    if (index == kDepositor) {
      account.deposit(1);
      RL_ASSERT(account.balance() == 1);
      account.deposit(2);
      RL_ASSERT(account.balance() == 3);
    } else {
      const Amount first = account.balance();
      const Amount second = account.balance();
      RL_ASSERT(some_deposits(first) && some_deposits(second) && first <= second);
    }
    if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == kParticipants) {
      RL_ASSERT(account.balance() == 3);
      if constexpr (OwnedAccount<Account>) account.close();
    }
  }
};

}  // namespace racelab::lost_update
