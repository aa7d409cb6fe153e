// Exercise: fix the lost update with a reader-writer lock.
//
// Run it:    ./scripts/lab run lost_update --variant rwlock
// Grade it:  ./scripts/lab check lost_update rwlock
// Compare:   ./scripts/lab diff lost_update rwlock   (after you have tried)
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_rwlock {

class Account {
 public:
  // TODO(rwlock): add a sync::shared_mutex. A deposit writes, so it needs the exclusive side
  // (sync::lock_guard<sync::shared_mutex>). Taking only the shared side here would let two
  // deposits in at once, and the update would be lost all the same.
  void deposit(Amount amount) {
    const Amount seen = balance_.read();
    balance_.write(seen + amount);
  }

  // TODO(rwlock): the auditor only reads: take the shared side
  // (sync::shared_lock<sync::shared_mutex>), so that many readers may look at once.
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_rwlock
