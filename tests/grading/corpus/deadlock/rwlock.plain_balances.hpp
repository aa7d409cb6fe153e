// corpus: wrong: transfers share the bank lock; balances are plain numbers
// fails: functional tsan model
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_rwlock {

class Bank {
 public:
  Bank(std::size_t accounts, Amount opening_balance) : balances_(accounts) {
    sync::name_lock(lock_, "bank");
    for (Amount& balance : balances_) balance = opening_balance;
  }

  // Every access to a balance is under the bank lock.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    sync::shared_lock<sync::shared_mutex> hold(lock_, std::defer_lock);
    hold.lock();
    balances_[from] -= amount;
    balances_[to] += amount;
  }

  // Exclusive: no transfer is half done while we add.
  Amount total() {
    sync::unique_lock<sync::shared_mutex> hold(lock_, std::defer_lock);
    hold.lock();
    Amount sum = 0;
    for (const Amount& balance : balances_) sum += balance;
    return sum;
  }

  Amount balance(std::size_t account) {
    const sync::shared_lock<sync::shared_mutex> hold(lock_);
    return balances_[account];
  }

 private:
  sync::shared_mutex lock_;
  std::vector<Amount> balances_;
};

}  // namespace racelab::deadlock::using_rwlock
