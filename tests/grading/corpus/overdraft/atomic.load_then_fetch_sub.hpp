// corpus: wrong: an atomic balance, checked with load() and debited with fetch_sub()
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

  void deposit(Amount amount) { balance_.fetch_add(amount, std::memory_order_acq_rel); }

  // Both steps are atomic, and the debit cannot lose an update.
  bool withdraw(Amount amount) {
    if (balance_.load(std::memory_order_acquire) < amount) return false;
    balance_.fetch_sub(amount, std::memory_order_acq_rel);
    return true;
  }

  Amount balance() const { return balance_.load(std::memory_order_acquire); }

 private:
  sync::atomic<Amount> balance_;
};

}  // namespace racelab::overdraft::using_atomic
