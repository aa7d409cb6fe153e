// corpus: wrong: locks only the account the money leaves: one lock, no cycle
// fails: functional tsan model
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

  // One lock at a time cannot deadlock: the source account's lock guards the transfer.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::lock_guard<sync::mutex> hold_from(accounts_[from].lock);
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
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
