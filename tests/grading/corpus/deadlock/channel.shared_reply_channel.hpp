// corpus: wrong: every answer comes back on one reply channel the bank keeps
// fails: functional model
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_channel {

class Bank {
 public:
  Bank(std::size_t accounts, Amount opening_balance) : balances_(accounts) {
    for (sync::var<Amount>& balance : balances_) balance.write(opening_balance);
  }

  void transfer(std::size_t from, std::size_t to, Amount amount) {
    requests_.send(Request{Kind::transfer, from, to, amount, nullptr});
  }

  Amount total() { return ask(Request{Kind::total, 0, 0, 0, nullptr}); }

  Amount balance(std::size_t account) {
    return ask(Request{Kind::balance, account, 0, 0, nullptr});
  }

  // The owner thread: the only one that touches the balances.
  void serve() {
    while (std::optional<Request> request = requests_.receive()) {
      switch (request->kind) {
        case Kind::transfer:
          balances_[request->from].write(balances_[request->from].read() - request->amount);
          balances_[request->to].write(balances_[request->to].read() + request->amount);
          break;
        case Kind::total: {
          Amount sum = 0;
          for (const sync::var<Amount>& balance : balances_) sum += balance.read();
          request->reply->send(sum);
          break;
        }
        case Kind::balance: request->reply->send(balances_[request->from].read()); break;
      }
    }
  }

  void close() { requests_.close(); }

 private:
  enum class Kind { transfer, total, balance };
  struct Request {
    Kind kind = Kind::transfer;
    std::size_t from = 0;  // the account asked about, for Kind::balance
    std::size_t to = 0;
    Amount amount = 0;
    sync::channel<Amount>* reply = nullptr;
  };

  // One reply channel for the whole bank, made once instead of on every question.
  Amount ask(Request request) {
    request.reply = &replies_;
    requests_.send(request);
    return replies_.receive().value();
  }

  sync::channel<Request> requests_{256};
  sync::channel<Amount> replies_{256};
  std::vector<sync::var<Amount>> balances_;  // owner thread only
};

}  // namespace racelab::deadlock::using_channel
