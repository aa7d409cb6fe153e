// Exercise: make transfers deadlock-free by message passing to one owner thread.
//
// Run it:    ./scripts/lab run deadlock --variant channel
// Grade it:  ./scripts/lab check deadlock channel
// Compare:   ./scripts/lab diff deadlock channel   (once yours passes; handouts: once released)
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_channel {

// The design, one step per TODO: the owner thread, in serve(), is the only one that touches the
// balances; every other thread sends it a request on one sync::channel member.
//   1. the accounts and the request type (here, and in the private section)
//   2. transfer(): a transfer request       4. serve() and close(): the owner's side
//   3. total() and balance(): an audit, and its answer
class Bank {
 public:
  // TODO(channel, 1 of 4): the balances will belong to the owner thread alone: keep them as
  // sync::var<Amount>s without locks.
  Bank(std::size_t accounts, Amount opening_balance) : accounts_(accounts) {
    for (std::size_t i = 0; i < accounts; ++i) {
      sync::name_lock(accounts_[i].lock, "account " + std::to_string(i));
      accounts_[i].balance.write(opening_balance);
    }
  }

  // TODO(channel, 2 of 4): do not touch any balance here: send a transfer request to the owner.
  // Can a transfer request deadlock, and why not?
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::lock_guard<sync::mutex> hold_from(accounts_[from].lock);
    const sync::lock_guard<sync::mutex> hold_to(accounts_[to].lock);
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
  }

  // TODO(channel, 3 of 4): ask the owner: send an audit request carrying a reply channel (a
  // local sync::channel<Amount> with capacity 1), and wait for the sum on it.
  Amount total() {
    for (Account& account : accounts_) account.lock.lock();
    Amount sum = 0;
    for (Account& account : accounts_) sum += account.balance.read();
    for (Account& account : accounts_) account.lock.unlock();
    return sum;
  }

  // TODO(channel, 3 of 4): ask the owner, as total() does: the same audit request can say which
  // account it is about, or all of them.
  Amount balance(std::size_t account) {
    const sync::lock_guard<sync::mutex> hold(accounts_[account].lock);
    return accounts_[account].balance.read();
  }

  // The harness runs serve() on the owner thread, from before the first transfer until close().
  // TODO(channel, 4 of 4): receive requests until the channel is closed and drained (receive()
  // then returns an empty optional); apply each transfer whole, and answer each audit on its reply
  // channel. Only this function may touch the balances.
  void serve() {}

  // TODO(channel, 4 of 4): close the request channel, so that serve() returns once it has
  // drained it.
  void close() {}

 private:
  // TODO(channel, 1 of 4): the requests. One channel carries both kinds, so one type must hold
  // either a transfer (from, to, amount) or an audit (which accounts, and where to send the sum: a
  // pointer to the asker's reply channel). A struct per kind, and a type that holds one or the
  // other (<variant>), is one way. Then the request channel itself, and how many may wait in it.
  struct Account {
    sync::mutex lock;
    sync::var<Amount> balance;  // guarded by lock
  };
  std::vector<Account> accounts_;
};

}  // namespace racelab::deadlock::using_channel
