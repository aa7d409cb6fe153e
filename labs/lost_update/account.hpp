// What every lost-update account offers, whichever technique keeps it correct: its contract.
//
// Amounts are positive, and their sum fits in an Amount. "Before" is happens-before: a call that
// returned earlier on the same thread, or on a thread the caller has synchronized with since (a
// join, a lock, a message).
//
// C1  Account() starts at a balance of 0. Construction and destruction overlap no other call.
// C2  deposit(amount) may be called from any number of threads at once, and at the same time as
//     balance(). It adds `amount` to the balance exactly once: no deposit is lost, none counted
//     twice, none counted as another amount, whatever the interleaving.
// C3  balance() may be called from any number of threads at once, and at the same time as
//     deposit(): by depositors and by pure auditors, who never deposit. Each call returns the sum
//     of a set of deposits that
//       a. holds every deposit made before the call: a depositor sees its own deposits, whoever
//          else is asking at the same time;
//       b. holds no deposit that started after the call returned;
//       c. holds every deposit that an earlier balance() of the same thread saw: one caller's
//          readings never go backwards.
//     Once the depositors are joined, it is the sum of every deposit.
// An account that keeps its balance on an owner thread (message passing: OwnedAccount) also has:
// C4  serve(), the owner's loop, run by one thread of the harness's own from before the first
//     deposit() or balance() until close(). Only serve() reads or writes the balance.
// C5  close(), called once, by one thread, after every deposit() and balance() has returned;
//     nothing is called after it. serve() then returns. (Whether it applies a deposit still queued
//     cannot be seen: no call reads the balance after close().)
//
// The harnesses (deposit_run.hpp on real threads, tests/lost_update/ in the checks) give an
// OwnedAccount its owner thread. Which check exercises each clause: README.md, "What the checks
// cover".
#pragma once

#include <concepts>
#include <cstdint>

namespace racelab::lost_update {

using Amount = std::int64_t;

template <class Account>
concept AccountLike = std::default_initializable<Account> && requires(Account& account) {
  account.deposit(Amount{1});
  { account.balance() } -> std::same_as<Amount>;
};

template <class Account>
concept OwnedAccount = AccountLike<Account> && requires(Account& account) {
  account.serve();
  account.close();
};

}  // namespace racelab::lost_update
