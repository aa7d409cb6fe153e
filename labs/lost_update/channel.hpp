// Exercise: fix the lost update by message passing: one owner thread is the only writer.
//
// Run it:    ./scripts/lab run lost_update --variant channel
// Grade it:  ./scripts/lab check lost_update channel
// Compare:   ./scripts/lab diff lost_update channel   (once yours passes; handouts: once released)
#pragma once

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_channel {

// The design, one step per TODO: the owner thread, in serve(), is the only one that touches
// balance_; every other thread sends it a request on one sync::channel member.
//   1. the request type (below, beside balance_)   3. balance(): a query, and its answer
//   2. deposit(): a deposit request                4. serve() and close(): the owner's side
class Account {
 public:
  // TODO(channel, 2 of 4): depositors must not touch the balance: send the amount to the owner
  // as a deposit request.
  void deposit(Amount amount) {
    const Amount seen = balance_.read();
    balance_.write(seen + amount);
  }

  // TODO(channel, 3 of 4): ask the owner: send a query that carries a reply channel (a local
  // sync::channel<Amount> with capacity 1), and wait for the answer on it. Does the answer
  // include every deposit this thread sent before asking, and why?
  Amount balance() { return balance_.read(); }

  // The harness runs serve() on the owner thread, from before the first deposit until close().
  // TODO(channel, 4 of 4): receive requests until the channel is closed and drained (receive()
  // then returns an empty optional), and handle each: a deposit changes the balance, a query is
  // answered on its reply channel. Only this function may read or write balance_.
  void serve() {}

  // TODO(channel, 4 of 4): close the request channel, so that serve() returns once it has
  // drained it.
  void close() {}

 private:
  // TODO(channel, 1 of 4): the requests. One channel carries both kinds, so one type must hold
  // either a deposit (its amount) or a query (where to send the answer: a pointer to the asker's
  // reply channel). A struct per kind, and a type that holds one or the other (<variant>), is
  // one way. Then the request channel itself: how many requests may wait in it?
  sync::var<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_channel
