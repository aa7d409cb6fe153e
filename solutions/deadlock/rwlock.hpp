// Reference fix: one bank-wide reader-writer lock. Transfers share it; the auditor takes it
// exclusively. A thread only ever waits for this one lock, so no lock order can form a cycle.
//
// Two transfers may run at once under the shared side and touch the same account, so the balances
// themselves are atomics: "shared" here means "transfers do not exclude each other", not "read-
// only". What the exclusive side buys is the auditor's consistent snapshot, which the atomic fix
// gives up: while it holds the lock, no transfer is half done.
#pragma once

#include <cstddef>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_rwlock {

class Bank {
 public:
  Bank(std::size_t accounts, Amount opening_balance) : balances_(accounts) {
    sync::name_lock(bank_lock_, "the bank lock");
    for (sync::atomic<Amount>& balance : balances_) {
      balance.store(opening_balance, std::memory_order_relaxed);
    }
  }

  // Relaxed: the atomics only have to keep concurrent transfers from losing updates; the ordering
  // the auditor needs comes from the lock.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::shared_lock<sync::shared_mutex> hold(bank_lock_);
    balances_[from].fetch_sub(amount, std::memory_order_relaxed);
    balances_[to].fetch_add(amount, std::memory_order_relaxed);
  }

  // Every transfer releases the shared side after both of its updates, and that release
  // synchronizes with this exclusive acquisition: relaxed loads here see every completed transfer,
  // and no transfer is in progress.
  Amount total() {
    const sync::lock_guard<sync::shared_mutex> hold(bank_lock_);
    Amount sum = 0;
    for (const sync::atomic<Amount>& balance : balances_) {
      sum += balance.load(std::memory_order_relaxed);
    }
    return sum;
  }

  // The shared side is enough for one atomic load: a transfer leaves no account half updated.
  Amount balance(std::size_t account) {
    const sync::shared_lock<sync::shared_mutex> hold(bank_lock_);
    return balances_[account].load(std::memory_order_relaxed);
  }

 private:
  sync::shared_mutex bank_lock_;
  std::vector<sync::atomic<Amount>> balances_;
};

}  // namespace racelab::deadlock::using_rwlock
