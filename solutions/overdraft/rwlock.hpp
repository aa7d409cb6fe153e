// Reference fix: a reader-writer lock. A withdrawal decides a write, so it holds the exclusive
// side from the check to the debit; only balance(), which decides nothing, takes the shared side.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_rwlock {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) {
    const sync::lock_guard<sync::shared_mutex> writer(lock_);
    balance_.write(balance_.read() + amount);
  }

  // Exclusive for the whole decision. A std::shared_mutex cannot be upgraded: checking under the
  // shared side and then taking the exclusive side lets another withdrawal in between (the
  // shared_check trap), and re-checking after the upgrade is the exclusive side's check anyway.
  bool withdraw(Amount amount) {
    const sync::lock_guard<sync::shared_mutex> writer(lock_);
    const Amount seen = balance_.read();
    if (seen < amount) return false;
    balance_.write(seen - amount);
    return true;
  }

  // Shared: any number of readers at once. A reading that only reports the balance may share;
  // one that decides a withdrawal may not.
  Amount balance() const {
    const sync::shared_lock<sync::shared_mutex> reader(lock_);
    return balance_.read();
  }

 private:
  mutable sync::shared_mutex lock_;
  sync::var<Amount> balance_;  // written under the exclusive side, read under either
};

}  // namespace racelab::overdraft::using_rwlock
