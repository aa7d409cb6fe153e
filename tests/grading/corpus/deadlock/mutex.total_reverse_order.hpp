// corpus: wrong: transfers lock in index order, the auditor from last to first
// fails: functional tsan model criteria
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
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
  }

  // Every account locked at once, so that no transfer moves money while the sum is taken; the
  // locks are released in the order they were taken.
  Amount total() {
    for (std::size_t i = accounts_.size(); i-- > 0;) accounts_[i].lock.lock();
    Amount sum = 0;
    for (Account& account : accounts_) sum += account.balance.read();
    for (std::size_t i = accounts_.size(); i-- > 0;) accounts_[i].lock.unlock();
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
