// corpus: wrong: a volatile balance instead of an atomic one ("volatile is always re-read")
// fails: functional tsan model
//
// Exercise: fix the lost update with an atomic read-modify-write, and no lock.
#pragma once

#include "account.hpp"

namespace racelab::lost_update::using_atomic {

class Account {
 public:
  // volatile: the compiler may not cache the balance in a register, so every thread sees the
  // latest value.
  void deposit(Amount amount) { balance_ = balance_ + amount; }

  Amount balance() const { return balance_; }

 private:
  volatile Amount balance_ = 0;
};

}  // namespace racelab::lost_update::using_atomic
