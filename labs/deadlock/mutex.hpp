// Exercise: make transfers deadlock-free with a locking discipline.
//
// Run it:    ./scripts/lab run deadlock --variant mutex
// Grade it:  ./scripts/lab check deadlock mutex
// Compare:   ./scripts/lab diff deadlock mutex   (once yours passes; handouts: once released)
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

  // TODO(mutex, 1 of 2): two transfers in opposite directions take the same two locks in
  // opposite orders, and each can end up holding one while it waits for the other. Make every
  // thread take the two account locks in one order that all threads agree on, whichever way the
  // money moves: what do you know about two accounts that could decide it? (std::scoped_lock's
  // deadlock-avoidance algorithm is the other way out; the README compares the two.)
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::lock_guard<sync::mutex> hold_from(accounts_[from].lock);
    const sync::lock_guard<sync::mutex> hold_to(accounts_[to].lock);
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
  }

  // TODO(mutex, 2 of 2): the auditor locks every account to get a snapshot no transfer can change.
  // Check that it follows the same order as your transfers.
  Amount total() {
    for (Account& account : accounts_) account.lock.lock();
    Amount sum = 0;
    for (Account& account : accounts_) sum += account.balance.read();
    for (Account& account : accounts_) account.lock.unlock();
    return sum;
  }

  // One account's balance, under its lock.
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
