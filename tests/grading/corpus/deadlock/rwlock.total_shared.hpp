// corpus: wrong: the auditor only reads, so it takes the shared side too
// fails: functional tsan model criteria
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_rwlock {

class Bank {
 public:
  Bank(std::size_t accounts, Amount opening_balance) : balances_(accounts) {
    sync::name_lock(lock_, "bank");
    for (sync::atomic<Amount>& balance : balances_) balance.store(opening_balance);
  }

  // Transfers share the lock, so two may touch one account: the balances are atomics.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::shared_lock<sync::shared_mutex> hold(lock_);
    balances_[from].fetch_sub(amount, std::memory_order_relaxed);
    balances_[to].fetch_add(amount, std::memory_order_relaxed);
  }

  // The auditor only reads: readers share the lock.
  Amount total() {
    const sync::shared_lock<sync::shared_mutex> hold(lock_);
    Amount sum = 0;
    for (const sync::atomic<Amount>& balance : balances_)
      sum += balance.load(std::memory_order_relaxed);
    return sum;
  }

  Amount balance(std::size_t account) {
    const sync::shared_lock<sync::shared_mutex> hold(lock_);
    return balances_[account].load(std::memory_order_relaxed);
  }

 private:
  sync::shared_mutex lock_;
  std::vector<sync::atomic<Amount>> balances_;
};

}  // namespace racelab::deadlock::using_rwlock
