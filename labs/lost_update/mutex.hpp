// Exercise: fix the lost update with a mutex.
//
// Run it:    ./scripts/lab run lost_update --variant mutex
// Grade it:  ./scripts/lab check lost_update mutex
// Compare:   ./scripts/lab diff lost_update mutex   (once yours passes; handouts: once released)
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_mutex {

class Account {
 public:
  // TODO(mutex, 1 of 2): the read and the write below must happen as one step that no other
  // deposit can interleave with. A sync::mutex member is the tool: which lines must it cover, and
  // what makes sure it is released on every way out of the function?
  void deposit(Amount amount) {
    const Amount seen = balance_.read();
    balance_.write(seen + amount);
  }

  // TODO(mutex, 2 of 2): the auditor calls this while deposits run, and a read that overlaps a
  // write is a data race too. What must it hold? (A const member function can lock only a member
  // declared `mutable`.)
  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_mutex
