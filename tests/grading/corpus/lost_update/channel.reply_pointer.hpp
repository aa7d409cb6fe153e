// corpus: valid: one request struct, a null reply pointer for deposits, a reply channel per query
// fails: none
//
// Exercise: fix the lost update by message passing: one owner thread is the only writer.
#pragma once

#include <optional>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_channel {

class Account {
 public:
  void deposit(Amount amount) { requests_.send(Request{amount, nullptr}); }

  // My own reply channel, on my stack: the owner answers me and nobody else on it.
  Amount balance() {
    sync::channel<Amount> answer(1);
    requests_.send(Request{0, &answer});
    const std::optional<Amount> value = answer.receive();
    return *value;
  }

  void serve() {
    for (std::optional<Request> request = requests_.receive(); request.has_value();
         request = requests_.receive()) {
      if (request->reply == nullptr) {
        balance_.write(balance_.read() + request->amount);
      } else {
        request->reply->send(balance_.read());
      }
    }
  }

  void close() { requests_.close(); }

 private:
  struct Request {
    Amount amount;
    sync::channel<Amount>* reply;  // null: a deposit
  };

  sync::channel<Request> requests_{64};
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_channel
