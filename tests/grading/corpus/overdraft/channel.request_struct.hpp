// corpus: valid: one request struct with a kind, and a reply channel of each type per call
// fails: none
//
// Exercise: fix the overdraft by message passing: one owner thread decides every withdrawal.
#pragma once

#include <optional>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_channel {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) { requests_.send(Request{Kind::deposit, amount, nullptr, nullptr}); }

  bool withdraw(Amount amount) {
    sync::channel<bool> decision(1);
    requests_.send(Request{Kind::withdraw, amount, &decision, nullptr});
    return decision.receive().value();
  }

  Amount balance() {
    sync::channel<Amount> answer(1);
    requests_.send(Request{Kind::balance, 0, nullptr, &answer});
    return answer.receive().value();
  }

  void serve() {
    for (std::optional<Request> r = requests_.receive(); r; r = requests_.receive()) {
      switch (r->kind) {
        case Kind::deposit: balance_.write(balance_.read() + r->amount); break;
        case Kind::withdraw: {
          const bool covered = balance_.read() >= r->amount;
          if (covered) balance_.write(balance_.read() - r->amount);
          r->decision->send(covered);
          break;
        }
        case Kind::balance: r->answer->send(balance_.read()); break;
      }
    }
  }

  void close() { requests_.close(); }

 private:
  enum class Kind { deposit, withdraw, balance };
  struct Request {
    Kind kind;
    Amount amount;
    sync::channel<bool>* decision;
    sync::channel<Amount>* answer;
  };

  sync::channel<Request> requests_{16};
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_channel
