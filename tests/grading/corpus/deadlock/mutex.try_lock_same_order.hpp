// corpus: wrong: tries the second lock; on failure lets go, retries the same order
// fails: model
#pragma once

#include <cstddef>
#include <string>
#include <thread>
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

  // Never wait for the second lock while holding the first: try it, and if it is busy, release
  // the first and start again, so that no thread ever holds one lock while it waits for another.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    for (;;) {
      accounts_[from].lock.lock();
      if (accounts_[to].lock.try_lock()) break;
      accounts_[from].lock.unlock();
      std::this_thread::yield();
    }
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
    accounts_[to].lock.unlock();
    accounts_[from].lock.unlock();
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
