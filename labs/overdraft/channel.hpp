// Exercise: fix the overdraft by message passing: one owner thread decides every withdrawal.
//
// Run it:    ./scripts/lab run overdraft --variant channel
// Grade it:  ./scripts/lab check overdraft channel
// Compare:   ./scripts/lab diff overdraft channel   (after you have tried)
//
// The contract every account keeps is in account.hpp (C1 to C6).
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_channel {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  // TODO(channel): callers must not touch the balance. Send the deposit to the owner over a
  // sync::channel (a member), and let serve() apply it.
  void deposit(Amount amount) { balance_.write(balance_.read() + amount); }

  // TODO(channel): a withdrawal is a question only the owner can answer: send it with a reply
  // channel (a local sync::channel<bool> with capacity 1) and wait for the owner's decision.
  bool withdraw(Amount amount) {
    if (balance_.read() < amount) return false;
    balance_.write(balance_.read() - amount);
    return true;
  }

  // TODO(channel): ask the owner too, on a reply channel of this call's own.
  Amount balance() { return balance_.read(); }

  // The harness runs serve() on the owner thread, from before the first call until close().
  // TODO(channel): receive requests until the channel is closed and drained, and handle each:
  // deposits change the balance, withdrawals are checked and debited and answered, queries are
  // answered. Only this function may read or write balance_.
  void serve() {}

  // TODO(channel): close the request channel, so that serve() returns once it has drained it.
  void close() {}

 private:
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_channel
