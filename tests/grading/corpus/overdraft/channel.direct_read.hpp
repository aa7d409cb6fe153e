// corpus: wrong: the owner decides withdrawals, but balance() reads the owner's balance directly
// fails: functional tsan model
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

  void deposit(Amount amount) { requests_.send(Deposit{amount}); }

  bool withdraw(Amount amount) {
    sync::channel<bool> reply(1);
    requests_.send(Withdrawal{amount, &reply});
    return reply.receive().value();
  }

  // A reading decides nothing, so it need not bother the owner.
  Amount balance() { return balance_.read(); }

  void serve() {
    while (const std::optional<Request> request = requests_.receive()) {
      if (const auto* deposit = std::get_if<Deposit>(&*request)) {
        balance_.write(balance_.read() + deposit->amount);
      } else {
        const auto& withdrawal = std::get<Withdrawal>(*request);
        const bool covered = balance_.read() >= withdrawal.amount;
        if (covered) balance_.write(balance_.read() - withdrawal.amount);
        withdrawal.reply->send(covered);
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
  using Request = std::variant<Deposit, Withdrawal>;

  sync::channel<Request> requests_{64};
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_channel
