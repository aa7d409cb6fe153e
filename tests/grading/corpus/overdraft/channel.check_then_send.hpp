// corpus: wrong: withdraw() asks the owner for the balance, then sends the owner a debit
// fails: model
//
// Exercise: fix the overdraft by message passing: one owner thread decides every withdrawal.
#pragma once

#include <optional>
#include <variant>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_channel {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) { requests_.send(Change{amount}); }

  // Only the owner touches the balance: we ask it, and tell it to debit.
  bool withdraw(Amount amount) {
    if (balance() < amount) return false;
    requests_.send(Change{-amount});
    return true;
  }

  Amount balance() {
    sync::channel<Amount> reply(1);
    requests_.send(Query{&reply});
    return reply.receive().value();
  }

  void serve() {
    while (const std::optional<Request> request = requests_.receive()) {
      if (const auto* change = std::get_if<Change>(&*request)) {
        balance_.write(balance_.read() + change->amount);
      } else {
        std::get<Query>(*request).reply->send(balance_.read());
      }
    }
  }

  void close() { requests_.close(); }

 private:
  struct Change {
    Amount amount = 0;
  };
  struct Query {
    sync::channel<Amount>* reply = nullptr;
  };
  using Request = std::variant<Change, Query>;

  sync::channel<Request> requests_{64};
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_channel
