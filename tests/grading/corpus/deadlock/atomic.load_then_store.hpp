// corpus: wrong: atomic balances, but a transfer loads, then stores: two steps
// fails: functional model criteria
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_atomic {

class Bank {
 public:
  Bank(std::size_t accounts, Amount opening_balance) : balances_(accounts) {
    for (sync::atomic<Amount>& balance : balances_) balance.store(opening_balance);
  }

  // The balances are atomics, so every load and store is whole: no torn values, no data race.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    add(balances_[from], -amount);
    add(balances_[to], amount);
  }

  // Exact at rest; in flight, money moving between two accounts may be counted twice or not at all.
  Amount total() const {
    Amount sum = 0;
    for (const sync::atomic<Amount>& balance : balances_)
      sum += balance.load(std::memory_order_relaxed);
    return sum;
  }

  Amount balance(std::size_t account) const {
    return balances_[account].load(std::memory_order_relaxed);
  }

 private:
  static void add(sync::atomic<Amount>& balance, Amount delta) {
    balance.store(balance.load(std::memory_order_relaxed) + delta, std::memory_order_relaxed);
  }

  std::vector<sync::atomic<Amount>> balances_;
};

}  // namespace racelab::deadlock::using_atomic
