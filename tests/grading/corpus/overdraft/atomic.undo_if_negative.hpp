// corpus: wrong: fetch_sub first, and if that took the balance below zero, fetch_add it back
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

  // One read-modify-write decides: the value before the debit says whether it was covered.
  bool withdraw(Amount amount) {
    const Amount before = balance_.fetch_sub(amount, std::memory_order_relaxed);
    if (before >= amount) return true;
    balance_.fetch_add(amount, std::memory_order_relaxed);  // not covered: put it back
    return false;
  }

  Amount balance() const { return balance_.load(std::memory_order_relaxed); }

 private:
  sync::atomic<Amount> balance_;
};

}  // namespace racelab::overdraft::using_atomic
