// Reference fix: a reader-writer lock. Deposits write, the auditor reads.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_rwlock {

class Account {
 public:
  // Exclusive: a deposit reads *and* writes, so it must keep every other deposit and every reader
  // out. Under the shared side two deposits could interleave and lose an update again (and the
  // model check reports the write as a data race).
  void deposit(Amount amount) {
    const sync::lock_guard<sync::shared_mutex> writer(lock_);
    const Amount seen = balance_.read();
    balance_.write(seen + amount);
  }

  // Shared: any number of auditors may read at once; they only wait for a deposit in progress.
  // With a balance this small a mutex or an atomic is cheaper; the shared side pays off when
  // reads are many and long (a report over many accounts), which is the case this lab stands for.
  Amount balance() const {
    const sync::shared_lock<sync::shared_mutex> reader(lock_);
    return balance_.read();
  }

 private:
  mutable sync::shared_mutex lock_;
  sync::var<Amount> balance_{0};  // written under the exclusive side, read under either
};

}  // namespace racelab::lost_update::using_rwlock
