// Exercise: fix the lost update by message passing: one owner thread is the only writer.
//
// Run it:    ./scripts/lab run lost_update --variant channel
// Grade it:  ./scripts/lab check lost_update channel
// Compare:   ./scripts/lab diff lost_update channel   (after you have tried)
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_channel {

class Account {
 public:
  // TODO(channel): depositors must not touch the balance. Send the amount to the owner over a
  // sync::channel (a member), and let serve() apply it.
  void deposit(Amount amount) {
    const Amount seen = balance_.read();
    balance_.write(seen + amount);
  }

  // TODO(channel): ask the owner. Send a request that carries a reply channel
  // (a local sync::channel<Amount> with capacity 1) and wait for the answer on it.
  Amount balance() { return balance_.read(); }

  // The harness runs serve() on the owner thread, from before the first deposit until close().
  // TODO(channel): receive requests until the channel is closed and drained, and answer each:
  // deposits change the balance, queries are answered on their reply channel. Only this
  // function may read or write balance_.
  void serve() {}

  // TODO(channel): close the request channel, so that serve() returns once it has drained it.
  void close() {}

 private:
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_channel
