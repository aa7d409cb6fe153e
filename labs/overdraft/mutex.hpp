// Exercise: fix the overdraft with a mutex.
//
// Run it:    ./scripts/lab run overdraft --variant mutex
// Grade it:  ./scripts/lab check overdraft mutex
// Compare:   ./scripts/lab diff overdraft mutex   (once yours passes; handouts: once released)
//
// The contract every account keeps is in account.hpp (C1 to C4).
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_mutex {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  // TODO(mutex, 1 of 3): a deposit reads and writes the balance while withdrawals run. A
  // sync::mutex member is the tool: which lines must it cover, and what releases it on every way
  // out?
  void deposit(Amount amount) { balance_.write(balance_.read() + amount); }

  // TODO(mutex, 2 of 3): the check and the debit are one decision, and bug.hpp locks each of them
  // and is still overdrawn. From which line to which line must the lock be held?
  bool withdraw(Amount amount) {
    if (balance_.read() < amount) return false;
    balance_.write(balance_.read() - amount);
    return true;
  }

  // TODO(mutex, 3 of 3): a reading beside a debit is a data race too. What must it hold? (A const
  // member function can lock only a member declared `mutable`.)
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_mutex
