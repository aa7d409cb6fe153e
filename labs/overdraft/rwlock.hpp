// Exercise: fix the overdraft with a reader-writer lock.
//
// Run it:    ./scripts/lab run overdraft --variant rwlock
// Grade it:  ./scripts/lab check overdraft rwlock
// Compare:   ./scripts/lab diff overdraft rwlock   (once yours passes; handouts: once released)
//
// The contract every account keeps is in account.hpp (C1 to C4).
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_rwlock {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  // TODO(rwlock, 1 of 3): a sync::shared_mutex member has two sides, shared and exclusive. A
  // deposit writes: which side keeps every other caller out while it does?
  void deposit(Amount amount) { balance_.write(balance_.read() + amount); }

  // TODO(rwlock, 2 of 3): the check only reads, but it decides a write; checking under the shared
  // side, then debiting under the exclusive one, is the shared_check trap. Which side must the
  // whole withdrawal hold, and from where to where?
  bool withdraw(Amount amount) {
    if (balance_.read() < amount) return false;
    balance_.write(balance_.read() - amount);
    return true;
  }

  // TODO(rwlock, 3 of 3): a reading decides nothing. Which side lets many readers in at once?
  // (A const member function can lock only a member declared `mutable`.)
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_rwlock
