// Reference fix: message passing. One owner thread holds the balance and decides every
// withdrawal; everyone else sends it messages. A decision is made by the only thread that can
// act on it, so there is no gap between the check and the debit for anyone to fall into.
#pragma once

#include <cstddef>
#include <optional>
#include <variant>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_channel {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  void deposit(Amount amount) { requests_.send(Deposit{amount}); }

  // The decision comes back on a channel of this call's own.
  bool withdraw(Amount amount) {
    sync::channel<bool> reply(1);
    requests_.send(Withdrawal{amount, &reply});
    return reply.receive().value();
  }

  // Requests are handled in the order they arrive, so the answer holds every deposit and
  // withdrawal this thread sent before asking.
  Amount balance() {
    sync::channel<Amount> reply(1);
    requests_.send(BalanceQuery{&reply});
    return reply.receive().value();
  }

  void serve() {
    while (const std::optional<Request> request = requests_.receive()) {
      if (const auto* deposit = std::get_if<Deposit>(&*request)) {
        balance_.write(balance_.read() + deposit->amount);
      } else if (const auto* withdrawal = std::get_if<Withdrawal>(&*request)) {
        const Amount seen = balance_.read();
        const bool approved = seen >= withdrawal->amount;
        if (approved) balance_.write(seen - withdrawal->amount);
        withdrawal->reply->send(approved);
      } else {
        std::get<BalanceQuery>(*request).reply->send(balance_.read());
      }
    }
  }

  void close() { requests_.close(); }

 private:
  struct Deposit {
    Amount amount = 0;
  };
  struct Withdrawal {
    Amount amount = 0;
    sync::channel<bool>* reply = nullptr;
  };
  struct BalanceQuery {
    sync::channel<Amount>* reply = nullptr;
  };
  using Request = std::variant<Deposit, Withdrawal, BalanceQuery>;

  // Deposits do not wait for an answer; room for a few keeps a caller from waiting on the owner.
  static constexpr std::size_t kRequestCapacity = 64;

  sync::channel<Request> requests_{kRequestCapacity};
  // Only serve() touches the balance. A sync::var, so that the model check reports any other
  // thread's access as a data race: ownership is checked, not hoped.
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_channel
