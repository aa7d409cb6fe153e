// Exercise: fix the overdraft with a mutex.
//
// Run it:    ./scripts/lab run overdraft --variant mutex
// Grade it:  ./scripts/lab check overdraft mutex
// Compare:   ./scripts/lab diff overdraft mutex   (after you have tried)
//
// The contract every account keeps is in account.hpp (C1 to C4).
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_mutex {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  // TODO(mutex): add a sync::mutex member and hold it, with sync::lock_guard<sync::mutex>, across
  // the read and the write of every call that changes the balance.
  void deposit(Amount amount) { balance_.write(balance_.read() + amount); }

  // TODO(mutex): the check and the debit are one decision. Locking each of them on its own is the
  // shipped bug (bug.hpp): the lock must be held from before the check until after the debit.
  bool withdraw(Amount amount) {
    if (balance_.read() < amount) return false;
    balance_.write(balance_.read() - amount);
    return true;
  }

  // TODO(mutex): the same mutex, here too (it must be `mutable` to lock it in a const function).
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_mutex
