// What every overdraft account offers, whichever technique keeps it correct: its contract.
//
// Amounts are positive, and every balance fits in an Amount. "Before" is happens-before: a call
// that returned earlier on the same thread, or on a thread the caller has synchronized with since
// (a join, a lock, a message).
//
// C1  Account(opening) starts at the balance `opening` (0 or more). Construction and destruction
//     overlap no other call.
// C2  deposit(amount) may be called from any number of threads at once, beside every other call.
//     It adds `amount` to the balance exactly once.
// C3  withdraw(amount) may be called from any number of threads at once, beside every other call.
//     It decides and debits in one step: if the balance covers `amount`, it subtracts `amount`,
//     exactly once, and returns true; if not, it changes nothing and returns false. So
//       a. the balance never goes below zero, whatever the interleaving: no overdraft;
//       b. a withdrawal is refused only if the balance was below `amount` at some moment of the
//          call: a caller withdrawing what it deposited before, and has not withdrawn since, is
//          always paid, whoever else is withdrawing at the same time.
// C4  balance() may be called from any number of threads at once, beside every other call. It
//     returns the opening balance plus a set of deposits minus a set of approved withdrawals that
//       a. holds every call made before it (a caller sees its own deposits and withdrawals);
//       b. holds no call that started after it returned;
//     and so it is never negative. Once every other thread is joined, it is the opening balance
//     plus every deposit minus every approved withdrawal.
// An account that keeps its balance on an owner thread (message passing: OwnedAccount) also has:
// C5  serve(), the owner's loop, run by one thread of the harness's own from before the first
//     deposit(), withdraw() or balance() until close(). Only serve() reads or writes the balance.
// C6  close(), called once, by one thread, after every other call has returned; nothing is called
//     after it. serve() then returns.
//
// The harnesses (withdraw_run.hpp on real threads, tests/overdraft/ in the checks) give an
// OwnedAccount its owner thread. Which check exercises each clause: README.md, "What the checks
// cover".
#pragma once

#include <concepts>
#include <cstdint>

namespace racelab::overdraft {

using Amount = std::int64_t;

template <class Account>
concept AccountLike = std::constructible_from<Account, Amount> && requires(Account& account) {
  account.deposit(Amount{1});
  { account.withdraw(Amount{1}) } -> std::same_as<bool>;
  { account.balance() } -> std::same_as<Amount>;
};

template <class Account>
concept OwnedAccount = AccountLike<Account> && requires(Account& account) {
  account.serve();
  account.close();
};

}  // namespace racelab::overdraft
