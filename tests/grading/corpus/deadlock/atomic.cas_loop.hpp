// corpus: valid: atomic balances updated by compare-exchange loops, relaxed, no locks
// fails: none
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

  // Relaxed: each balance is its own counter; the loop retries until no other update came in
  // between our load and our exchange, so no update is lost.
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
    Amount seen = balance.load(std::memory_order_relaxed);
    while (!balance.compare_exchange_weak(seen, seen + delta, std::memory_order_relaxed,
                                          std::memory_order_relaxed)) {
    }
  }

  std::vector<sync::atomic<Amount>> balances_;
};

}  // namespace racelab::deadlock::using_atomic
