// corpus: wrong: a relaxed load and a relaxed store, two atomic steps with room between them
// fails: functional tsan model
//
// Exercise: fix the lost update with an atomic read-modify-write, and no lock.
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_atomic {

class Account {
 public:
  // Both steps are atomic, so there is no data race.
  void deposit(Amount amount) {
    const Amount seen = balance_.load(std::memory_order_relaxed);
    balance_.store(seen + amount, std::memory_order_relaxed);
  }

  Amount balance() const { return balance_.load(std::memory_order_relaxed); }

 private:
  sync::atomic<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_atomic
