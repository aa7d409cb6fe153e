// Exercise: fix the lost update with a mutex.
//
// Run it:    ./scripts/lab run lost_update --variant mutex
// Grade it:  ./scripts/lab check lost_update mutex
// Compare:   ./scripts/lab diff lost_update mutex   (after you have tried)
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_mutex {

class Account {
 public:
  // TODO(mutex): the read and the write below must happen as one step that no other deposit can
  // interleave with. Add a sync::mutex member and hold it across both, with
  // sync::lock_guard<sync::mutex>.
  void deposit(Amount amount) {
    const Amount seen = balance_.read();
    balance_.write(seen + amount);
  }

  // TODO(mutex): the auditor calls this while deposits run. A read that races with a write is a
  // data race too: take the same mutex here. (The member must be `mutable` to lock it in a const
  // function.)
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_mutex
