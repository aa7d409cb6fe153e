// Exercise: make transfers deadlock-free with one bank-wide reader-writer lock.
//
// Run it:    ./scripts/lab run deadlock --variant rwlock
// Grade it:  ./scripts/lab check deadlock rwlock
// Compare:   ./scripts/lab diff deadlock rwlock   (once yours passes; handouts: once released)
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_rwlock {

class Bank {
 public:
  // TODO(rwlock, 1 of 4): replace the per-account locks by one sync::shared_mutex for the whole
  // bank. Transfers will share it, so two of them can touch one account at once: what must each
  // balance then be, for two concurrent updates of it to both count?
  Bank(std::size_t accounts, Amount opening_balance) : accounts_(accounts) {
    for (std::size_t i = 0; i < accounts; ++i) {
      sync::name_lock(accounts_[i].lock, "account " + std::to_string(i));
      accounts_[i].balance.write(opening_balance);
    }
  }

  // TODO(rwlock, 2 of 4): transfers must run together: which side of the bank lock lets them?
  // Then move the money. Why can a single lock never be part of a lock-order cycle?
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::lock_guard<sync::mutex> hold_from(accounts_[from].lock);
    const sync::lock_guard<sync::mutex> hold_to(accounts_[to].lock);
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
  }

  // TODO(rwlock, 3 of 4): the auditor wants a sum no transfer is half way through: which side of
  // the bank lock keeps every transfer out while it adds?
  Amount total() {
    for (Account& account : accounts_) account.lock.lock();
    Amount sum = 0;
    for (Account& account : accounts_) sum += account.balance.read();
    for (Account& account : accounts_) account.lock.unlock();
    return sum;
  }

  // TODO(rwlock, 4 of 4): one account is read like the whole bank (which side of the lock does it
  // need?).
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

}  // namespace racelab::deadlock::using_rwlock
