// The trap: make the balance atomic, keep the read-modify-write in two steps.
//
// Every access is now atomic, so there is no data race and ThreadSanitizer has nothing to say.
// Yet another thread's deposit can land between the load and the store, and the store overwrites
// it: the lost update survives. The orders are the ones a careful programmer picks to publish a
// value (acquire the balance, release the new one), and no order would help: ordering is not
// atomicity. (seq_cst would make the store a locked xchg on x86, which narrows the window between
// load and store on one core without closing it: README.md, "The trap".) Relacy finds the loss
// because the model checks the *result* (the final balance), not just the accesses.
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::split_atomic {

class Account {
 public:
  void deposit(Amount amount) {
    const Amount seen = balance_.load(std::memory_order_acquire);
    balance_.store(seen + amount, std::memory_order_release);
  }

  Amount balance() const { return balance_.load(std::memory_order_acquire); }

 private:
  sync::atomic<Amount> balance_{0};
};

}  // namespace racelab::lost_update::split_atomic
