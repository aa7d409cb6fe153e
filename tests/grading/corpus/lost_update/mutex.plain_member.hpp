// corpus: wrong: every access under the mutex, but the balance is a plain Amount, not a sync::var
// fails: model
//
// Exercise: fix the lost update with a mutex. (Locked correctly: real threads and ThreadSanitizer
// find nothing. The model check cannot see a plain member, so the grader refuses it there.)
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_mutex {

class Account {
 public:
  void deposit(Amount amount) {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    balance_ += amount;
  }

  Amount balance() const {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    return balance_;
  }

 private:
  mutable sync::mutex mutex_;
  Amount balance_ = 0;
};

}  // namespace racelab::lost_update::using_mutex
