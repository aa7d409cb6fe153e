// The trap: an atomic balance, checked with a load and debited with a fetch_sub.
//
// Both steps are atomic, so there is no data race and ThreadSanitizer has nothing to say; the
// debit is even an indivisible read-modify-write, so no update is lost either (the lost_update
// lab's fix). Yet the check and the debit are two operations, and another withdrawal can fall
// between them: both load 1, both fetch_sub, and the balance is -1. No memory order helps: the
// orders say what else a thread sees, never that two operations are one. Relacy finds it because
// its model asserts the invariant, "balance never negative", not only the accesses.
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::load_then_fetch_sub {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) { balance_.fetch_add(amount, std::memory_order_relaxed); }

  bool withdraw(Amount amount) {
    if (balance_.load(std::memory_order_relaxed) < amount) return false;
    balance_.fetch_sub(amount, std::memory_order_relaxed);
    return true;
  }

  Amount balance() const { return balance_.load(std::memory_order_relaxed); }

 private:
  sync::atomic<Amount> balance_;
};

}  // namespace racelab::overdraft::load_then_fetch_sub
