// corpus: valid: a sync::unique_lock held across the check and the debit, and an early return
// fails: none
//
// Exercise: fix the overdraft with a mutex.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_mutex {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) {
    sync::unique_lock<sync::mutex> lock(mutex_);
    balance_.write(balance_.read() + amount);
  }

  bool withdraw(Amount amount) {
    sync::unique_lock<sync::mutex> lock(mutex_);
    if (balance_.read() < amount) {
      return false;  // the lock is released on this path too
    }
    balance_.write(balance_.read() - amount);
    return true;
  }

  Amount balance() const {
    sync::unique_lock<sync::mutex> lock(mutex_);
    return balance_.read();
  }

 private:
  mutable sync::mutex mutex_;
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_mutex
