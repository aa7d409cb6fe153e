// corpus: valid: sync::unique_lock for deposits, a shared lock for readers, unlocked early
// fails: none
//
// Exercise: fix the lost update with a reader-writer lock.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_rwlock {

class Account {
 public:
  void deposit(Amount amount) {
    sync::unique_lock<sync::shared_mutex> writer(lock_);
    const Amount updated = balance_.read() + amount;
    balance_.write(updated);
    writer.unlock();
  }

  Amount balance() const {
    sync::shared_lock<sync::shared_mutex> reader(lock_);
    const Amount now = balance_.read();
    reader.unlock();
    return now;
  }

 private:
  mutable sync::shared_mutex lock_;
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_rwlock
