// Exercise: fix the overdraft with a reader-writer lock.
//
// Run it:    ./scripts/lab run overdraft --variant rwlock
// Grade it:  ./scripts/lab check overdraft rwlock
// Compare:   ./scripts/lab diff overdraft rwlock   (after you have tried)
//
// The contract every account keeps is in account.hpp (C1 to C4).
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_rwlock {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  // TODO(rwlock): add a sync::shared_mutex. A deposit writes: the exclusive side
  // (sync::lock_guard<sync::shared_mutex>).
  void deposit(Amount amount) { balance_.write(balance_.read() + amount); }

  // TODO(rwlock): the check only reads, but it decides a write. Checking under the shared side
  // and then debiting under the exclusive side is the shared_check trap: which side must the
  // whole withdrawal hold, and for how long?
  bool withdraw(Amount amount) {
    if (balance_.read() < amount) return false;
    balance_.write(balance_.read() - amount);
    return true;
  }

  // TODO(rwlock): balance() only reads and decides nothing: the shared side
  // (sync::shared_lock<sync::shared_mutex>). The lock member must be `mutable`.
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_rwlock
