// corpus: wrong: balance() answers every caller through one reply channel, a member of the account
// fails: functional model
//
// Exercise: fix the lost update by message passing: one owner thread is the only writer.
#pragma once

#include <optional>
#include <variant>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_channel {

class Account {
 public:
  void deposit(Amount amount) { requests_.send(Deposit{amount}); }

  // The owner answers on reply_; one reply channel is enough, the owner answers one query at a
  // time.
  Amount balance() {
    requests_.send(Query{});
    return reply_.receive().value();
  }

  void serve() {
    while (const std::optional<Request> request = requests_.receive()) {
      if (const auto* deposit = std::get_if<Deposit>(&*request)) {
        balance_.write(balance_.read() + deposit->amount);
      } else {
        reply_.send(balance_.read());
      }
    }
  }

  void close() { requests_.close(); }

 private:
  struct Deposit {
    Amount amount;
  };
  struct Query {};
  using Request = std::variant<Deposit, Query>;

  sync::channel<Request> requests_{256};
  sync::channel<Amount> reply_{1};
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_channel
