// Exercise: fix the lost update with an atomic read-modify-write, and no lock.
//
// Run it:    ./scripts/lab run lost_update --variant atomic
// Grade it:  ./scripts/lab check lost_update atomic
// Compare:   ./scripts/lab diff lost_update atomic   (once yours passes; handouts: once released)
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_atomic {

class Account {
 public:
  // TODO(atomic, 1 of 2): make the balance a sync::atomic<Amount>, the deposit one indivisible
  // read-modify-write (a load then a store is the split_atomic trap: race-free, still wrong), with
  // the weakest memory order that is enough. `scripts/lab quiz lost_update` asks what it promises.
  void deposit(Amount amount) {
    const Amount seen = balance_.read();
    balance_.write(seen + amount);
  }

  // TODO(atomic, 2 of 2): an atomic load. Which order does the auditor need to never see the
  // balance go backwards?
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_atomic
