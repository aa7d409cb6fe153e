// corpus: wrong: withdraw() and deposit() lock, but balance() reads without the mutex
// fails: functional model
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
    const sync::lock_guard<sync::mutex> hold(mutex_);
    balance_.write(balance_.read() + amount);
  }

  bool withdraw(Amount amount) {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    if (balance_.read() < amount) return false;
    balance_.write(balance_.read() - amount);
    return true;
  }

  // Only reads, and a reading is a snapshot anyway.
  Amount balance() const { return balance_.read(); }

 private:
  sync::mutex mutex_;
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_mutex
