// Reference fix: message passing. One owner thread holds every balance; transfers and audits are
// requests on one channel. Nothing but the channel is shared, so no thread holds one lock while it
// waits for another, and a transfer is applied whole before the next request is looked at.
#pragma once

#include <cstddef>
#include <optional>
#include <variant>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_channel {

class Bank {
 public:
  // The balances are written here, before the owner thread exists; starting that thread
  // synchronizes with everything its creator did before, so serve() sees them.
  Bank(std::size_t accounts, Amount opening_balance) : balances_(accounts) {
    for (sync::var<Amount>& balance : balances_) balance.write(opening_balance);
  }

  void transfer(std::size_t from, std::size_t to, Amount amount) {
    requests_.send(Transfer{from, to, amount});
  }

  // The answer travels on a reply channel of its own, so that concurrent audits cannot take each
  // other's. Requests are handled in order, so it
  // includes every transfer this thread sent before asking, and it is a consistent snapshot: the
  // owner does one thing at a time.
  Amount total() {
    sync::channel<Amount> reply(1);
    requests_.send(Audit{&reply});
    return reply.receive().value();
  }

  Amount balance(std::size_t account) {
    sync::channel<Amount> reply(1);
    requests_.send(Audit{&reply, account});
    return reply.receive().value();
  }

  void serve() {
    while (const std::optional<Request> request = requests_.receive()) {
      if (const auto* transfer = std::get_if<Transfer>(&*request)) {
        sync::var<Amount>& from = balances_[transfer->from];
        sync::var<Amount>& to = balances_[transfer->to];
        from.write(from.read() - transfer->amount);
        to.write(to.read() + transfer->amount);
      } else {
        const Audit& audit = std::get<Audit>(*request);
        Amount answer = 0;
        if (audit.account == kEveryAccount) {
          for (const sync::var<Amount>& balance : balances_) answer += balance.read();
        } else {
          answer = balances_[audit.account].read();
        }
        audit.reply->send(answer);
      }
    }
  }

  void close() { requests_.close(); }

 private:
  struct Transfer {
    std::size_t from = 0;
    std::size_t to = 0;
    Amount amount = 0;
  };
  // An audit of one account, or of the whole bank (total()).
  static constexpr std::size_t kEveryAccount = static_cast<std::size_t>(-1);
  struct Audit {
    sync::channel<Amount>* reply = nullptr;
    std::size_t account = kEveryAccount;
  };
  using Request = std::variant<Transfer, Audit>;

  // Big enough that transfers rarely wait for the owner, small enough to push back if it lags.
  static constexpr std::size_t kRequestCapacity = 1024;

  sync::channel<Request> requests_{kRequestCapacity};
  // Only serve() touches the balances once the owner runs. They are sync::vars, not plain
  // Amounts, so that the model check reports any other thread's access as a data race.
  std::vector<sync::var<Amount>> balances_;
};

}  // namespace racelab::deadlock::using_channel
