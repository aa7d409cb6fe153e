// The shipped bug: a deposit is a read, an add and a write of a plain shared balance.
//
// Two threads can both read 41, both compute 42 and both write 42: two deposits, one update.
// Nothing fails and nothing is reported at run time; the money is simply gone. See README.md.
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::bug {

class Account {
 public:
  void deposit(Amount amount) {
    const Amount seen = balance_.read();
    balance_.write(seen + amount);
  }

  Amount balance() const { return balance_.read(); }

 private:
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::bug
