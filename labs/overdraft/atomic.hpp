// Exercise: fix the overdraft with an atomic compare-exchange loop, and no lock.
//
// Run it:    ./scripts/lab run overdraft --variant atomic
// Grade it:  ./scripts/lab check overdraft atomic
// Compare:   ./scripts/lab diff overdraft atomic   (after you have tried)
//
// The contract every account keeps is in account.hpp (C1 to C4).
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_atomic {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  // TODO(atomic): make the balance a sync::atomic<Amount>; a deposit is one fetch_add.
  void deposit(Amount amount) { balance_.write(balance_.read() + amount); }

  // TODO(atomic): a load to check and a fetch_sub to debit is the load_then_fetch_sub trap:
  // race-free, still overdrawn. Put the check inside a compare_exchange loop: debit only if the
  // balance is still the one you checked, and check again when it is not. A failed exchange is
  // not a refusal (C3b). Choose the weakest memory orders that are enough, and say why.
  bool withdraw(Amount amount) {
    if (balance_.read() < amount) return false;
    balance_.write(balance_.read() - amount);
    return true;
  }

  // TODO(atomic): an atomic load.
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_atomic
