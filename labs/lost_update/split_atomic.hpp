// The trap: make the balance atomic, keep the read-modify-write in two steps.
//
// Every access is now atomic, so there is no data race and ThreadSanitizer has nothing to say.
// Yet another thread's deposit can land between the load and the store, and the store overwrites
// it: the lost update survives. seq_cst does not help; ordering is not atomicity. Relacy finds it
// because the model checks the *result* (the final balance), not just the accesses.
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::split_atomic {

class Account {
 public:
  void deposit(Amount amount) {
    const Amount seen = balance_.load(std::memory_order_seq_cst);
    balance_.store(seen + amount, std::memory_order_seq_cst);
  }

  Amount balance() const { return balance_.load(std::memory_order_seq_cst); }

 private:
  sync::atomic<Amount> balance_{0};
};

}  // namespace racelab::lost_update::split_atomic
