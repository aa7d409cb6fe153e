// Reference fix: one global lock order. Every thread takes account locks in increasing index
// order, whatever the direction of the transfer, so no thread can hold a higher lock while it
// waits for a lower one: the wait-for graph cannot close a cycle.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

namespace racelab::deadlock::using_mutex {

class Bank {
 public:
  Bank(std::size_t accounts, Amount opening_balance) : accounts_(accounts) {
    for (std::size_t i = 0; i < accounts; ++i) {
      sync::name_lock(accounts_[i].lock, "account " + std::to_string(i));
      accounts_[i].balance.write(opening_balance);
    }
  }

  // The order is the account index; the direction of the money is a separate question.
  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const auto [first, second] = std::minmax(from, to);
    const sync::lock_guard<sync::mutex> hold_first(accounts_[first].lock);
    const sync::lock_guard<sync::mutex> hold_second(accounts_[second].lock);
    accounts_[from].balance.write(accounts_[from].balance.read() - amount);
    accounts_[to].balance.write(accounts_[to].balance.read() + amount);
  }

  // The auditor follows the same order (0, 1, 2, ...), so it cannot deadlock with a transfer, and
  // holding every lock at once gives it a consistent snapshot.
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

}  // namespace racelab::deadlock::using_mutex
