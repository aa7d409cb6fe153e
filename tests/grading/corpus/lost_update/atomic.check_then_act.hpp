// corpus: wrong: load, check that nobody changed the balance, then store: check-then-act
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
  // Re-read just before writing, and only write when the balance is still what we saw.
  void deposit(Amount amount) {
    Amount seen = balance_.load(std::memory_order_acquire);
    while (balance_.load(std::memory_order_acquire) != seen) {
      seen = balance_.load(std::memory_order_acquire);
    }
    balance_.store(seen + amount, std::memory_order_release);
  }

  Amount balance() const { return balance_.load(std::memory_order_acquire); }

 private:
  sync::atomic<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_atomic
