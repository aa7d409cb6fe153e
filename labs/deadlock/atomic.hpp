// Exercise: make transfers deadlock-free with atomics, and no account locks.
//
// Run it:    ./scripts/lab run deadlock --variant atomic
// Grade it:  ./scripts/lab check deadlock atomic
// Compare:   ./scripts/lab diff deadlock atomic   (once yours passes; handouts: once released)
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_atomic {

class Bank {
 public:
  // TODO(atomic, 1 of 4): replace each account (a mutex and a sync::var) by one
  // sync::atomic<Amount> balance, e.g. in a std::vector<sync::atomic<Amount>>, and store the
  // opening balances.
  Bank(std::size_t accounts, Amount opening_balance) : accounts_(accounts) {
    for (std::size_t i = 0; i < accounts; ++i) {
      sync::name_lock(accounts_[i].lock, "account " + std::to_string(i));
      accounts_[i].balance.write(opening_balance);
    }
  }

  // TODO(atomic, 2 of 4): no locks at all: take the amount out and put it in with one atomic
  // read-modify-write each. Choose each memory order from what must hold: the final total, read
  // once every transfer has been joined, must be exact (`scripts/lab quiz deadlock` asks what a
  // total taken while transfers run can be).
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::lock_guard<sync::mutex> hold_from(accounts_[from].lock);
    const sync::lock_guard<sync::mutex> hold_to(accounts_[to].lock);
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
  }

  // TODO(atomic, 3 of 4): sum the balances with loads. Think about what the auditor gives up: it
  // can no longer stop transfers while it adds, so what can it see while they run? (README.md,
  // "atomic".)
  Amount total() {
    for (Account& account : accounts_) account.lock.lock();
    Amount sum = 0;
    for (Account& account : accounts_) sum += account.balance.read();
    for (Account& account : accounts_) account.lock.unlock();
    return sum;
  }

  // TODO(atomic, 4 of 4): one load.
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

}  // namespace racelab::deadlock::using_atomic
