// corpus: wrong: deposit() takes only the shared side of the reader-writer lock
// fails: functional tsan model
//
// Exercise: fix the lost update with a reader-writer lock.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_rwlock {

class Account {
 public:
  // Shared, so that deposits do not wait for each other.
  void deposit(Amount amount) {
    const sync::shared_lock<sync::shared_mutex> hold(lock_);
    balance_.write(balance_.read() + amount);
  }

  Amount balance() const {
    const sync::shared_lock<sync::shared_mutex> hold(lock_);
    return balance_.read();
  }

 private:
  mutable sync::shared_mutex lock_;
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_rwlock
