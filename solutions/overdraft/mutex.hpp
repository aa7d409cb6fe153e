// Reference fix: one mutex held across the check and the debit, so the decision is one step.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_mutex {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    balance_.write(balance_.read() + amount);
  }

  // The balance checked is the balance debited: nobody can change it while the lock is held.
  bool withdraw(Amount amount) {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    const Amount seen = balance_.read();
    if (seen < amount) return false;
    balance_.write(seen - amount);
    return true;
  }

  Amount balance() const {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    return balance_.read();
  }

 private:
  mutable sync::mutex mutex_;
  sync::var<Amount> balance_;  // guarded by mutex_
};

}  // namespace racelab::overdraft::using_mutex
