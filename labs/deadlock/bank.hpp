// What every bank in the deadlock lab offers, whichever technique keeps it deadlock-free.
//
// A bank has `accounts` accounts, each opened with the same balance. transfer() moves money
// between two different accounts and may be called from any number of threads at once; so may
// total(), the auditor's sum of all balances. Money is only ever moved, never made or destroyed,
// so the total must never change. (Overdrafts are allowed: a funds check would not change the
// locking story.) A bank that keeps its balances on an owner thread (message passing) also offers
// serve(), the owner's loop, and close(), which ends it once every request sent before it has been
// handled; the harnesses (transfer_run.hpp, tests/deadlock/bank_model.hpp) give it that thread.
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

template <class Bank>
concept OwnedBank = BankLike<Bank> && requires(Bank& bank) {
  bank.serve();
  bank.close();
};

}  // namespace racelab::deadlock
