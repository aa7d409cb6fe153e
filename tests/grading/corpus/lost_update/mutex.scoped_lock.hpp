// corpus: valid: std::scoped_lock around the read-modify-write and around the read
// fails: none
//
// Exercise: fix the lost update with a mutex.
#pragma once

#include <mutex>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_mutex {

class Account {
 public:
  void deposit(Amount amount) {
    std::scoped_lock lock(mutex_);
    balance_.write(balance_.read() + amount);
  }

  Amount balance() const {
    std::scoped_lock lock(mutex_);
    return balance_.read();
  }

 private:
  mutable sync::mutex mutex_;
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_mutex
