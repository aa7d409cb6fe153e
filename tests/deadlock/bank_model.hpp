// bank_model.hpp — the transfer experiment as a Relacy test suite.
//
// The same bank code as the real program, with threads that are Relacy's. Two accounts open with
// 1 each. `Transferers` threads each make one transfer, alternating directions (thread 0:
// 1 -> 0, thread 1: 0 -> 1, ...), which is the smallest schedule that can deadlock, and then audit
// the bank once. Thread i moves i + 1, so that every transfer's effect shows in the balances (a
// transfer that moves the wrong amount, or in the wrong direction, conserves the total). `Auditors`
// more threads only audit, at once with each other. With Audit::always every audit must see the
// opening total, in the middle of the transfers too; with Audit::at_rest only the final one must
// (the atomic fix's contract). The last thread to finish checks the final total and each account's
// balance and, for a bank with an owner thread, closes it, so that the owner's serve() returns and
// the execution can end.
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

  static constexpr bool kChecksAccounts =
      AccountsReadable<Bank> && !(Transferers == 2 && Auditors == 1);

  // With one transfer and two auditors, the second auditor asks for a balance instead of the
  // total: balance() beside total(), whose answers must not cross (a bank that answers every
  // asker through one shared reply channel mixes them up).
  static constexpr bool asks_balance(unsigned index) {
    return AccountsReadable<Bank> && Transferers == 1 && Auditors >= 2 && index == Transferers + 1;
  }

  static constexpr std::size_t source_of(unsigned transferer) { return 1 - transferer % 2; }
  static constexpr Amount amount_of(unsigned transferer) { return transferer + 1; }
  // What every transfer together leaves in `account`.
  static constexpr Amount expected_balance(std::size_t account) {
    Amount balance = kOpening;
    for (unsigned t = 0; t < Transferers; ++t) {
      if (source_of(t) == account) balance -= amount_of(t);
      if (source_of(t) != account) balance += amount_of(t);
    }
    return balance;
  }

  Bank bank{kAccounts, kOpening};
  // Test machinery, not the system under test. acq_rel makes the last thread's final audit happen
  // after every other thread's work, so that audit sees the bank at rest.
  sync::atomic<unsigned> finished{0};

  // Beside the one transfer, the account it debits holds what it opened with or that less the
  // amount: a total, or another asker's answer, is neither.
  void ask_balance() {
    if constexpr (AccountsReadable<Bank>) {
      const Amount seen = bank.balance(source_of(0));
      RL_ASSERT(seen == kOpening || seen == kOpening - amount_of(0));
    }
  }

  void thread(unsigned index) {
    if constexpr (OwnedBank<Bank>) {
      if (index == kUsers) {
        bank.serve();
        return;
      }
    }
    if (index < Transferers) {
      const std::size_t from = source_of(index);
      bank.transfer(from, 1 - from, amount_of(index));
    }
    if (asks_balance(index)) {
      ask_balance();
    } else {
      const Amount seen = bank.total();
      if constexpr (audit == Audit::always) RL_ASSERT(seen == kExpectedTotal);
    }
    if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == kUsers) {
      RL_ASSERT(bank.total() == kExpectedTotal);
      // With the total right, account 0 right means account 1 is too. Each question to the owner
      // of a channel bank doubles its search, so the three-thread model (two transfers and an
      // auditor) leaves it to the two others, which check it with two transfers and with one.
      if constexpr (kChecksAccounts) RL_ASSERT(bank.balance(0) == expected_balance(0));
      if constexpr (OwnedBank<Bank>) bank.close();
    }
  }
};

}  // namespace racelab::deadlock
