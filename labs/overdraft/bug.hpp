// The shipped bug: a withdrawal checks the balance, then debits it, in two steps.
//
// Each step is "thread-safe": balance() and debit() each hold the account's mutex, so no access
// races and ThreadSanitizer has nothing to report. But the lock is released between the check and
// the debit, and the decision ("the balance covers it") is stale by the time it is acted on: two
// withdrawals both see 1, both debit, and the account is at -1. What has to be atomic is the
// decision with its action, not each access. See README.md.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::bug {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    balance_.write(balance_.read() + amount);
  }

  bool withdraw(Amount amount) {
    if (balance() < amount) return false;  // the check, under the lock...
    debit(amount);                         // ...and the act, under it again: not one step
    return true;
  }

  Amount balance() const {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    return balance_.read();
  }

 private:
  void debit(Amount amount) {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    balance_.write(balance_.read() - amount);
  }

  mutable sync::mutex mutex_;
  sync::var<Amount> balance_;  // guarded by mutex_
};

}  // namespace racelab::overdraft::bug
