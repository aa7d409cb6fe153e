// corpus: wrong: deposits go to the owner, but balance() reads the owner's balance directly
// fails: functional tsan model
//
// Exercise: fix the lost update by message passing: one owner thread is the only writer.
#pragma once

#include <optional>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_channel {

class Account {
 public:
  void deposit(Amount amount) { deposits_.send(amount); }

  // Only the owner writes the balance, so reading it is safe.
  Amount balance() { return balance_.read(); }

  void serve() {
    while (const std::optional<Amount> amount = deposits_.receive()) {
      balance_.write(balance_.read() + *amount);
    }
  }

  void close() { deposits_.close(); }

 private:
  sync::channel<Amount> deposits_{1024};
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_channel
