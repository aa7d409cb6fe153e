// Exercise: make transfers deadlock-free with one bank-wide reader-writer lock.
//
// Run it:    ./scripts/lab run deadlock --variant rwlock
// Grade it:  ./scripts/lab check deadlock rwlock
// Compare:   ./scripts/lab diff deadlock rwlock   (after you have tried)
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_rwlock {

class Bank {
 public:
  // TODO(rwlock): replace the per-account locks by one sync::shared_mutex for the whole bank.
  // Transfers will share it, so two of them can touch one account at once: keep each balance in a
  // sync::atomic<Amount>.
  Bank(std::size_t accounts, Amount opening_balance) : accounts_(accounts) {
    for (std::size_t i = 0; i < accounts; ++i) {
      sync::name_lock(accounts_[i].lock, "account " + std::to_string(i));
      accounts_[i].balance.write(opening_balance);
    }
  }

  // TODO(rwlock): take the bank lock's shared side (sync::shared_lock<sync::shared_mutex>), then
  // move the money with atomic read-modify-writes. With a single lock, no lock order can cycle.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::lock_guard<sync::mutex> hold_from(accounts_[from].lock);
    const sync::lock_guard<sync::mutex> hold_to(accounts_[to].lock);
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
  }

  // TODO(rwlock): the auditor takes the bank lock exclusively
  // (sync::lock_guard<sync::shared_mutex>): while it holds it, no transfer is half done, so the
  // sum is a consistent snapshot.
  Amount total() {
    for (Account& account : accounts_) account.lock.lock();
    Amount sum = 0;
    for (Account& account : accounts_) sum += account.balance.read();
    for (Account& account : accounts_) account.lock.unlock();
    return sum;
  }

  // TODO(rwlock): one account is read like the whole bank (which side of the lock does it need?).
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
