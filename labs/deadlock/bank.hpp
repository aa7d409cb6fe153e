// What every bank in the deadlock lab offers, whichever technique keeps it deadlock-free.
//
// A bank has `accounts` accounts, each opened with the same balance. transfer() moves money
// between two different accounts and may be called from any number of threads at once; so may
// total(), the auditor's sum of all balances, and balance(), one account's. Money is only ever
// moved, never made or destroyed, so the total must never change. (Overdrafts are allowed: a funds
// check would not change the locking story.) A bank that keeps its balances on an owner thread
// (message passing) also offers serve(), the owner's loop, and close(), which ends it once every
// request sent before it has been handled; the harnesses (transfer_run.hpp,
// tests/deadlock/bank_model.hpp) give it that thread.
//
// The contract every bank keeps (labs/deadlock/README.md, "What the checks cover", names the
// checks that hold a bank to each clause):
//
//   C1  Bank(accounts, opening_balance): accounts >= 2, each opened with opening_balance; before
//       any other call, on one thread.
//   C2  transfer(from, to, amount): from != to, both < accounts, amount >= 0. Any number of
//       threads at once, beside any number of total() and balance() calls, in any mix of
//       directions. Its effect, exactly once: `from` loses `amount`, `to` gains it, and no other
//       account changes. A later call on the same thread (total(), balance()) sees it, and once
//       the threads that transferred are joined, every caller does.
//   C3  total(): any number of threads at once (several auditors), beside transfers and
//       balance() calls. The sum of all balances: exact at rest (no transfer running), and, for
//       every technique but `atomic`, exact always: a snapshot no transfer is half way through.
//       (The atomic bank gives the in-flight snapshot up, README.md "atomic"; one that keeps it is
//       welcome.)
//   C4  balance(account) (optional: AccountsReadable, below): like total(), for one account: any
//       number of threads at once, beside everything else; exact at rest (C2's effects, all of
//       them, and nothing else).
//   C5  Progress: whatever the mix and timing of the calls above, every call returns. No lock
//       order can form a cycle (the lock-order checker, which watches every sync:: lock, finds
//       none), and no retry can go on forever in lockstep with another thread's (a livelock).
//   C6  serve() and close(), a bank with an owner thread only: serve() runs on one owner thread
//       from before the first call until close(); only it touches the balances. close() is called
//       once, after every other call has returned; serve() then handles every request sent
//       before it and returns.
//
// Everything threads share is a sync:: type (or is reached only through one): the model checks see
// nothing else, and the grader refuses other shared state for them.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

namespace racelab::deadlock {

using Amount = std::int64_t;

// clang-format 14 lays out a requires-expression after && as if it were a function body, at the
// concept's own indentation; clang-format 16 can indent it (RequiresExpressionIndentation).
// clang-format off
template <class Bank>
concept BankLike = std::constructible_from<Bank, std::size_t, Amount> &&
                   requires(Bank& bank, std::size_t account, Amount amount) {
                     bank.transfer(account, account, amount);
                     { bank.total() } -> std::same_as<Amount>;
                   };
// clang-format on

// balance(account) (C4) came after the first submissions were written against these drafts: a
// bank without it still compiles and is graded, and the checks of each account's exact amount
// (C2) then hold it to the total alone. Every draft and reference offers it.
template <class Bank>
concept AccountsReadable = BankLike<Bank> && requires(Bank& bank, std::size_t account) {
  { bank.balance(account) } -> std::same_as<Amount>;
};

template <class Bank>
concept OwnedBank = BankLike<Bank> && requires(Bank& bank) {
  bank.serve();
  bank.close();
};

}  // namespace racelab::deadlock
