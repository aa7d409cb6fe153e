// corpus: valid: a shared-side look first to refuse cheaply, then the exclusive side checks again
// fails: none
//
// Exercise: fix the overdraft with a reader-writer lock.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_rwlock {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) {
    sync::unique_lock<sync::shared_mutex> writer(lock_);
    balance_.write(balance_.read() + amount);
  }

  // The shared look only refuses; the decision to debit is made again under the exclusive side.
  bool withdraw(Amount amount) {
    {
      sync::shared_lock<sync::shared_mutex> reader(lock_);
      if (balance_.read() < amount) return false;
    }
    sync::unique_lock<sync::shared_mutex> writer(lock_);
    const Amount seen = balance_.read();
    if (seen < amount) return false;
    balance_.write(seen - amount);
    return true;
  }

  Amount balance() const {
    sync::shared_lock<sync::shared_mutex> reader(lock_);
    return balance_.read();
  }

 private:
  mutable sync::shared_mutex lock_;
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_rwlock
