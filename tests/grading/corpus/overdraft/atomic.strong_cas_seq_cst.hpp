// corpus: valid: compare_exchange_strong in a loop, with the default (seq_cst) orders
// fails: none
//
// Exercise: fix the overdraft with an atomic compare-exchange loop, and no lock.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_atomic {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) { balance_.fetch_add(amount); }

  // seq_cst everywhere: stronger than needed, never wrong.
  bool withdraw(Amount amount) {
    Amount seen = balance_.load();
    while (seen >= amount) {
      if (balance_.compare_exchange_strong(seen, seen - amount)) return true;
    }
    return false;
  }

  Amount balance() const { return balance_.load(); }

 private:
  sync::atomic<Amount> balance_;
};

}  // namespace racelab::overdraft::using_atomic
