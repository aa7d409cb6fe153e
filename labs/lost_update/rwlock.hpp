// Exercise: fix the lost update with a reader-writer lock.
//
// Run it:    ./scripts/lab run lost_update --variant rwlock
// Grade it:  ./scripts/lab check lost_update rwlock
// Compare:   ./scripts/lab diff lost_update rwlock   (once yours passes; handouts: once released)
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_rwlock {

class Account {
 public:
  // TODO(rwlock, 1 of 2): add a sync::shared_mutex. A deposit reads and then writes: which side
  // of the lock does it need? Picture two deposits, each holding the side you chose: can both
  // read the same balance, and what happens to the update of the one that writes first?
  void deposit(Amount amount) {
    const Amount seen = balance_.read();
    balance_.write(seen + amount);
  }

  // TODO(rwlock, 2 of 2): the auditor only reads, and many auditors may read at once: which side
  // does it take, and which of the sync layer's guards takes that side?
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_rwlock
