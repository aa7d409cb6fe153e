// corpus: wrong: the check under the shared side, the debit under the exclusive side
// fails: model
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

  // Reads share, writes are exclusive.
  bool withdraw(Amount amount) {
    {
      const sync::shared_lock<sync::shared_mutex> reader(lock_);
      if (balance_.read() < amount) return false;
    }
    const sync::lock_guard<sync::shared_mutex> writer(lock_);
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
