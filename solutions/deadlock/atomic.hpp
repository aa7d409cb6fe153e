// Reference fix: no account locks at all. Each balance is an atomic, and a transfer is two atomic
// read-modify-writes. No thread ever waits for another, so there is nothing to deadlock on.
//
// What is lost: the auditor's consistent snapshot. total() reads the balances one after another,
// and transfers keep running in between; it can read account 0 before a transfer and account 1
// after it, and see money that is in flight counted twice or not at all. Only when no transfer is
// running (at the end of a run) is the sum exact. README.md says how the checks cope.
#pragma once

#include <cstddef>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_atomic {

class Bank {
 public:
  Bank(std::size_t accounts, Amount opening_balance) : balances_(accounts) {
    for (sync::atomic<Amount>& balance : balances_) {
      balance.store(opening_balance, std::memory_order_relaxed);
    }
  }

  // Relaxed is enough: each balance is a counter of its own, and no other data is published
  // through it. The read-modify-writes are atomic whatever the order, so no update is lost, and
  // the total at rest is exact (whoever reads it first synchronizes with the transferring threads,
  // e.g. by joining them). A stronger order would not make the auditor's sum a snapshot: it orders
  // operations, it cannot make two loads happen at one instant.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    balances_[from].fetch_sub(amount, std::memory_order_relaxed);
    balances_[to].fetch_add(amount, std::memory_order_relaxed);
  }

  // Exact only while no transfer is running (see the top of this file).
  Amount total() const {
    Amount sum = 0;
    for (const sync::atomic<Amount>& balance : balances_) {
      sum += balance.load(std::memory_order_relaxed);
    }
    return sum;
  }

  // Exact at rest, like total(); in flight, the balance at some instant.
  Amount balance(std::size_t account) const {
    return balances_[account].load(std::memory_order_relaxed);
  }

 private:
  std::vector<sync::atomic<Amount>> balances_;
};

}  // namespace racelab::deadlock::using_atomic
