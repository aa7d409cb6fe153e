// Reference fix: message passing. One owner thread holds the balance; everyone else sends it
// messages. Nothing is shared but the channel, so nothing else needs a lock.
#pragma once

#include <cstddef>
#include <optional>
#include <variant>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_channel {

class Account {
 public:
  void deposit(Amount amount) { requests_.send(Deposit{amount}); }

  // The reply travels on a channel of its own. Requests are handled in the order they arrive, so
  // the answer includes every deposit this thread sent before asking.
  Amount balance() {
    sync::channel<Amount> reply(1);
    requests_.send(BalanceQuery{&reply});
    return reply.receive().value();
  }

  void serve() {
    while (const std::optional<Request> request = requests_.receive()) {
      if (const auto* deposit = std::get_if<Deposit>(&*request)) {
        balance_.write(balance_.read() + deposit->amount);
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
  struct BalanceQuery {
    sync::channel<Amount>* reply = nullptr;
  };
  using Request = std::variant<Deposit, BalanceQuery>;

  // Big enough that depositors rarely wait for the owner, small enough to push back if it lags.
  static constexpr std::size_t kRequestCapacity = 1024;

  sync::channel<Request> requests_{kRequestCapacity};
  // Only serve() touches the balance. It is a sync::var, not a plain Amount, so that the model
  // check would report any other thread's access as a data race: ownership is checked, not hoped.
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_channel
