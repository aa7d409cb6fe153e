// Bad submission: deadlocks on itself (deposit() holds the lock and calls balance(), which takes
// it again) and hangs.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_mutex {

class Account {
 public:
  void deposit(Amount amount) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    balance_.write(balance() + amount);  // balance() locks lock_ again: it never returns
  }

  Amount balance() const {
    const sync::lock_guard<sync::mutex> hold(lock_);
    return balance_.read();
  }

 private:
  mutable sync::mutex lock_;
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_mutex
