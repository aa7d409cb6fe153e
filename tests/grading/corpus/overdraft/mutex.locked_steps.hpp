// corpus: wrong: balance() and a debit() helper each lock; withdraw() calls one, then the other
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

  // Every access holds the lock now.
  bool withdraw(Amount amount) {
    if (balance() < amount) return false;
    debit(amount);
    return true;
  }

  Amount balance() const {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    return balance_.read();
  }

 private:
  void debit(Amount amount) {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    balance_.write(balance_.read() - amount);
  }

  mutable sync::mutex mutex_;
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_mutex
