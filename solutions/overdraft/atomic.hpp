// Reference fix: a compare-exchange loop. The check is inside the atomic step: the debit happens
// only if the balance is still the one that was checked.
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_atomic {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  // relaxed: the balance publishes no other data (lost_update's atomic fix says more), and a
  // read-modify-write is indivisible whatever its order.
  void deposit(Amount amount) { balance_.fetch_add(amount, std::memory_order_relaxed); }

  // compare_exchange_weak writes `seen - amount` only if the balance still equals `seen`; if not,
  // it loads the balance into `seen` and the loop checks again. A failed exchange is no refusal:
  // the balance changed (or, for the weak form, the hardware gave up), and only a balance below
  // the amount refuses (C3b). relaxed on both paths, for the reason deposit() gives: atomicity
  // does not depend on the order, and nothing else is published.
  bool withdraw(Amount amount) {
    Amount seen = balance_.load(std::memory_order_relaxed);
    do {
      if (seen < amount) return false;
    } while (!balance_.compare_exchange_weak(seen, seen - amount, std::memory_order_relaxed,
                                             std::memory_order_relaxed));
    return true;
  }

  // relaxed: one thread's successive loads of one atomic never go backwards in its modification
  // order (read-read coherence), and every value in that order is 0 or more.
  Amount balance() const { return balance_.load(std::memory_order_relaxed); }

 private:
  sync::atomic<Amount> balance_;
};

}  // namespace racelab::overdraft::using_atomic
