// corpus: wrong: transfers go to the owner; total() and balance() read directly
// fails: functional tsan model
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

  // Reading changes nothing, so there is no need to queue behind the transfers.
  Amount total() {
    Amount sum = 0;
    for (const sync::var<Amount>& balance : balances_) sum += balance.read();
    return sum;
  }

  Amount balance(std::size_t account) { return balances_[account].read(); }

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

  // The reply channel lives on the asker's stack until the answer is in.
  Amount ask(Request request) {
    sync::channel<Amount> reply(1);
    request.reply = &reply;
    requests_.send(request);
    return reply.receive().value();
  }

  sync::channel<Request> requests_{256};
  std::vector<sync::var<Amount>> balances_;  // owner thread only
};

}  // namespace racelab::deadlock::using_channel
