// corpus: wrong: withdraw() holds the shared side across the check and the debit
// fails: functional tsan model
//
// Exercise: fix the overdraft with a reader-writer lock.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_rwlock {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) {
    const sync::lock_guard<sync::shared_mutex> writer(lock_);
    balance_.write(balance_.read() + amount);
  }

  // One lock across the whole decision, and withdrawals do not block each other.
  bool withdraw(Amount amount) {
    const sync::shared_lock<sync::shared_mutex> reader(lock_);
    if (balance_.read() < amount) return false;
    balance_.write(balance_.read() - amount);
    return true;
  }

  Amount balance() const {
    const sync::shared_lock<sync::shared_mutex> reader(lock_);
    return balance_.read();
  }

 private:
  mutable sync::shared_mutex lock_;
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_rwlock
