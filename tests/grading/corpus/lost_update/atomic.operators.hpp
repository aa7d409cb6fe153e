// corpus: valid: balance_ += amount and return balance_ on a sync::atomic (seq_cst by default)
// fails: none
//
// Exercise: fix the lost update with an atomic read-modify-write, and no lock.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_atomic {

class Account {
 public:
  // += on an atomic is one fetch_add: indivisible. The default order, seq_cst, is more than
  // enough; I kept it for simplicity.
  void deposit(Amount amount) { balance_ += amount; }

  Amount balance() const { return balance_; }

 private:
  sync::atomic<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_atomic
