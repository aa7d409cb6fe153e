// The trap: a reader-writer lock, its shared side for the check and its exclusive side for the
// debit.
//
// It looks like the textbook use of the lock: the check only reads, so it takes the shared side,
// and only the debit, which writes, takes the exclusive one. Every access is under the lock, so
// there is no data race and ThreadSanitizer reports nothing. But a std::shared_mutex cannot be
// upgraded: the shared side is released before the exclusive side is taken, and two withdrawals
// that both checked 1 under the shared side then debit one after the other, to -1. Worse, the
// shared side lets them check at the same moment, which is exactly when they must not. README.md,
// "The traps", says what the rwlock fix does instead.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::shared_check {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) {
    const sync::lock_guard<sync::shared_mutex> writer(lock_);
    balance_.write(balance_.read() + amount);
  }

  bool withdraw(Amount amount) {
    {
      const sync::shared_lock<sync::shared_mutex> reader(lock_);
      if (balance_.read() < amount) return false;
    }  // the shared side is released here: another withdrawal can check, and debit, now
    const sync::lock_guard<sync::shared_mutex> writer(lock_);
    balance_.write(balance_.read() - amount);
    return true;
  }

  Amount balance() const {
    const sync::shared_lock<sync::shared_mutex> reader(lock_);
    return balance_.read();
  }

 private:
  mutable sync::shared_mutex lock_;
  sync::var<Amount> balance_;  // written under the exclusive side, read under either
};

}  // namespace racelab::overdraft::shared_check
