// Exercise: fix the overdraft by message passing: one owner thread decides every withdrawal.
//
// Run it:    ./scripts/lab run overdraft --variant channel
// Grade it:  ./scripts/lab check overdraft channel
// Compare:   ./scripts/lab diff overdraft channel   (once yours passes; handouts: once released)
//
// The contract every account keeps is in account.hpp (C1 to C6).
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::overdraft::using_channel {

class Account {
 public:
  explicit Account(Amount opening) : balance_(opening) {}

  // TODO(channel, 1 of 4): callers must not touch the balance: only the owner, in serve(), may.
  // How does a deposit reach the owner, and must the caller wait for it?
  void deposit(Amount amount) { balance_.write(balance_.read() + amount); }

  // TODO(channel, 2 of 4): a withdrawal is a question only the owner can answer. How does its
  // decision come back to this caller, and to no other?
  bool withdraw(Amount amount) {
    if (balance_.read() < amount) return false;
    balance_.write(balance_.read() - amount);
    return true;
  }

  // TODO(channel, 3 of 4): a reading is a question for the owner too, answered the same way.
  Amount balance() { return balance_.read(); }

  // The harness runs serve() on the owner thread, from before the first call until close().
  // TODO(channel, 4 of 4): serve() handles every request until the requests are closed and
  // drained, and close() lets it return. Where is each decision made, and by whom? Only serve()
  // may read or write balance_.
  void serve() {}

  void close() {}

 private:
  sync::var<Amount> balance_;
};

}  // namespace racelab::overdraft::using_channel
