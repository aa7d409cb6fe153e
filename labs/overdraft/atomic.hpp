// Exercise: fix the overdraft with an atomic compare-exchange loop, and no lock.
//
// Run it:    ./scripts/lab run overdraft --variant atomic
// Grade it:  ./scripts/lab check overdraft atomic
// Compare:   ./scripts/lab diff overdraft atomic   (once yours passes; handouts: once released)
//
// The contract every account keeps is in account.hpp (C1 to C4).
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_atomic {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  // TODO(atomic, 1 of 3): the balance must be a type whose every access is atomic; then a deposit
  // is one indivisible read-modify-write. Which operation of std::atomic adds?
  void deposit(Amount amount) { balance_.write(balance_.read() + amount); }

  // TODO(atomic, 2 of 3): a load to check and a fetch_sub to debit is the load_then_fetch_sub
  // trap: race-free, still overdrawn. Which atomic operation writes only if the balance is still
  // the one you checked, and what do you do when it is not? (A failed attempt is no refusal: C3b.)
  bool withdraw(Amount amount) {
    if (balance_.read() < amount) return false;
    balance_.write(balance_.read() - amount);
    return true;
  }

  // TODO(atomic, 3 of 3): a reading of the atomic balance. Can a reader ever see it below zero?
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_atomic
