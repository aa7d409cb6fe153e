// The shipped bug: transfer() locks the account the money leaves, then the one it enters.
//
// One thread moving money from account 0 to account 1 holds 0 and waits for 1; another, moving
// money the other way at the same moment, holds 1 and waits for 0. Neither lock is ever released.
// Nothing crashes and nothing is reported: the program just stops. See README.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::bug {

class Bank {
 public:
  Bank(std::size_t accounts, Amount opening_balance) : accounts_(accounts) {
    for (std::size_t i = 0; i < accounts; ++i) {
      sync::name_lock(accounts_[i].lock, "account " + std::to_string(i));
      accounts_[i].balance.write(opening_balance);
    }
  }

  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::lock_guard<sync::mutex> hold_from(accounts_[from].lock);
    const sync::lock_guard<sync::mutex> hold_to(accounts_[to].lock);
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
  }

  // Every account locked at once, so that no transfer can move money while the sum is taken.
  // Nothing between the locks and the unlocks can throw, so plain lock()/unlock() calls are safe.
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

}  // namespace racelab::deadlock::bug
