// Exercise: make transfers deadlock-free by message passing to one owner thread.
//
// Run it:    ./scripts/lab run deadlock --variant channel
// Grade it:  ./scripts/lab check deadlock channel
// Compare:   ./scripts/lab diff deadlock channel   (after you have tried)
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_channel {

class Bank {
 public:
  // TODO(channel): the balances will belong to the owner thread alone: keep them as
  // sync::var<Amount>s without locks, and add a sync::channel of requests.
  Bank(std::size_t accounts, Amount opening_balance) : accounts_(accounts) {
    for (std::size_t i = 0; i < accounts; ++i) {
      sync::name_lock(accounts_[i].lock, "account " + std::to_string(i));
      accounts_[i].balance.write(opening_balance);
    }
  }

  // TODO(channel): do not touch any balance here: send a transfer request to the owner.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::lock_guard<sync::mutex> hold_from(accounts_[from].lock);
    const sync::lock_guard<sync::mutex> hold_to(accounts_[to].lock);
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
  }

  // TODO(channel): ask the owner: send an audit request carrying a reply channel (a local
  // sync::channel<Amount> with capacity 1), and wait for the sum on it.
  Amount total() {
    for (Account& account : accounts_) account.lock.lock();
    Amount sum = 0;
    for (Account& account : accounts_) sum += account.balance.read();
    for (Account& account : accounts_) account.lock.unlock();
    return sum;
  }

  // TODO(channel): ask the owner, as total() does.
  Amount balance(std::size_t account) {
    const sync::lock_guard<sync::mutex> hold(accounts_[account].lock);
    return accounts_[account].balance.read();
  }

  // The harness runs serve() on the owner thread, from before the first transfer until close().
  // TODO(channel): receive requests until the channel is closed and drained; apply each transfer
  // whole, and answer each audit on its reply channel. Only this function may touch the balances.
  void serve() {}

  // TODO(channel): close the request channel, so that serve() returns once it has drained it.
  void close() {}

 private:
  struct Account {
    sync::mutex lock;
    sync::var<Amount> balance;  // guarded by lock
  };
  std::vector<Account> accounts_;
};

}  // namespace racelab::deadlock::using_channel
