// bank_model.hpp — the transfer experiment as a Relacy test suite.
//
// The same bank code as the real program, with threads that are Relacy's. Two accounts open with
// 1 each. `Transferers` threads each make one transfer of 1, alternating directions (thread 0:
// 0 -> 1, thread 1: 1 -> 0, ...), which is the smallest schedule that can deadlock, and then audit
// the bank once. `Auditors` more threads only audit. With Audit::always every audit must see the
// opening total, in the middle of the transfers too; with Audit::at_rest only the final one must
// (the atomic fix's contract). The last thread to finish checks the final total and, for a bank
// with an owner thread, closes it, so that the owner's serve() returns and the execution can end.
#pragma once

#include "model_check.hpp"

#include <deadlock/bank.hpp>

namespace racelab::deadlock {

enum class Audit { always, at_rest };

template <BankLike Bank, unsigned Transferers, unsigned Auditors, Audit audit>
struct BankModel : rl::test_suite<BankModel<Bank, Transferers, Auditors, audit>,
                                  Transferers + Auditors + (OwnedBank<Bank> ? 1 : 0)> {
  static constexpr std::size_t kAccounts = 2;
  static constexpr Amount kOpening = 1;
  static constexpr Amount kExpectedTotal = kOpening * kAccounts;
  static constexpr unsigned kUsers = Transferers + Auditors;

  Bank bank{kAccounts, kOpening};
  // Test machinery, not the system under test. acq_rel makes the last thread's final audit happen
  // after every other thread's work, so that audit sees the bank at rest.
  sync::atomic<unsigned> finished{0};

  void thread(unsigned index) {
    if constexpr (OwnedBank<Bank>) {
      if (index == kUsers) {
        bank.serve();
        return;
      }
    }
    if (index < Transferers) {
      const std::size_t from = index % 2;
      bank.transfer(from, 1 - from, 1);
    }
    const Amount seen = bank.total();
    if constexpr (audit == Audit::always) RL_ASSERT(seen == kExpectedTotal);
    if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == kUsers) {
      RL_ASSERT(bank.total() == kExpectedTotal);
      if constexpr (OwnedBank<Bank>) bank.close();
    }
  }
};

}  // namespace racelab::deadlock
