// corpus: wrong: one compare_exchange; if it fails, the withdrawal is refused
// fails: model
//
// Exercise: fix the overdraft with an atomic compare-exchange loop, and no lock.
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_atomic {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) { balance_.fetch_add(amount, std::memory_order_relaxed); }

  // Never overdraws: the debit happens only on the balance that was checked.
  bool withdraw(Amount amount) {
    Amount seen = balance_.load(std::memory_order_relaxed);
    if (seen < amount) return false;
    return balance_.compare_exchange_strong(seen, seen - amount, std::memory_order_relaxed);
  }

  Amount balance() const { return balance_.load(std::memory_order_relaxed); }

 private:
  sync::atomic<Amount> balance_;
};

}  // namespace racelab::overdraft::using_atomic
