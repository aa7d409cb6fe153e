// corpus: valid: a compare_exchange_weak loop with a success and a failure order
// fails: none
//
// Exercise: fix the lost update with an atomic read-modify-write, and no lock.
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_atomic {

class Account {
 public:
  // Read, compute, and write only if nobody changed the balance in between; otherwise `seen` now
  // holds the newer balance and we try again.
  void deposit(Amount amount) {
    Amount seen = balance_.load(std::memory_order_relaxed);
    while (!balance_.compare_exchange_weak(seen, seen + amount, std::memory_order_acq_rel,
                                           std::memory_order_relaxed)) {
    }
  }

  Amount balance() const { return balance_.load(std::memory_order_acquire); }

 private:
  sync::atomic<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_atomic
