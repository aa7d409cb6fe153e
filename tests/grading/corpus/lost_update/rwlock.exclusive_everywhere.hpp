// corpus: valid: the exclusive side for deposits and for the auditor alike
// fails: none
//
// Exercise: fix the lost update with a reader-writer lock. (Readers wait for each other here,
// which costs speed, not correctness.)
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_rwlock {

class Account {
 public:
  void deposit(Amount amount) {
    const sync::lock_guard<sync::shared_mutex> hold(lock_);
    balance_.write(balance_.read() + amount);
  }

  Amount balance() const {
    const sync::lock_guard<sync::shared_mutex> hold(lock_);
    return balance_.read();
  }

 private:
  mutable sync::shared_mutex lock_;
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_rwlock
