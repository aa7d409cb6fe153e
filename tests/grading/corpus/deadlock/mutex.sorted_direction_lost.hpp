// corpus: wrong: locks in index order, then moves money from lower to higher
// fails: functional model
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_mutex {

class Bank {
 public:
  Bank(std::size_t accounts, Amount opening_balance) : accounts_(accounts) {
    for (std::size_t i = 0; i < accounts; ++i) {
      sync::name_lock(accounts_[i].lock, "account " + std::to_string(i));
      accounts_[i].balance.write(opening_balance);
    }
  }

  // One global order: the lower index first, whichever way the money moves.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const std::size_t first = from < to ? from : to;
    const std::size_t second = from < to ? to : from;
    const sync::lock_guard<sync::mutex> hold_first(accounts_[first].lock);
    const sync::lock_guard<sync::mutex> hold_second(accounts_[second].lock);
    accounts_[first].balance.write(accounts_[first].balance.read() - amount);
    accounts_[second].balance.write(accounts_[second].balance.read() + amount);
  }

  // Index order; a transfer never waits while holding a lock, so this cannot close a cycle.
  Amount total() {
    for (Account& account : accounts_) account.lock.lock();
    Amount sum = 0;
    for (Account& account : accounts_) sum += account.balance.read();
    for (Account& account : accounts_) account.lock.unlock();
    return sum;
  }

  Amount balance(std::size_t account) {
    const sync::lock_guard<sync::mutex> hold(accounts_[account].lock);
    return accounts_[account].balance.read();
  }

 private:
  struct Account {
    sync::mutex lock;
    sync::var<Amount> balance;  // guarded by lock
  };
  std::vector<Account> accounts_;
};

}  // namespace racelab::deadlock::using_mutex
