// Reference fix: a mutex makes each deposit one indivisible step.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_mutex {

class Account {
 public:
  void deposit(Amount amount) {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    const Amount seen = balance_.read();
    balance_.write(seen + amount);
  }

  // The reader takes the same lock: unlocking in deposit() happens-before this lock, so the
  // auditor sees every completed deposit and never a torn or stale-then-newer-then-stale value.
  Amount balance() const {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    return balance_.read();
  }

 private:
  mutable sync::mutex mutex_;
  sync::var<Amount> balance_{0};  // guarded by mutex_
};

}  // namespace racelab::lost_update::using_mutex
