// corpus: wrong: deposit() holds the mutex, balance() reads without it: "a read loses nothing"
// fails: functional tsan model
//
// Exercise: fix the lost update with a mutex.
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

  // Only reads, so it needs no lock.
  Amount balance() const { return balance_.read(); }

 private:
  sync::mutex mutex_;
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_mutex
