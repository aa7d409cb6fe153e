// Forged submission: a bank that destroys money on every transfer, and macros that rewrite the
// checks compiled after this file so that none of their comparisons can fail. The grader refuses
// it at the #undef, before any of it is compiled.
#pragma once

#include <cstddef>
#include <vector>

#include <racelab/sync.hpp>

#include "bank.hpp"

#undef EXPECT_EQ
#undef EXPECT_TRUE
#define EXPECT_EQ(a, b) \
  if (true) {           \
  } else                \
    ::testing::Message()
#define EXPECT_TRUE(a) EXPECT_EQ(a, true)

namespace racelab::deadlock::using_mutex {

class Bank {
 public:
  Bank(std::size_t accounts, Amount opening_balance) : balances_(accounts) {
    for (auto& balance : balances_) balance.write(opening_balance);
  }

  void transfer(std::size_t from, std::size_t to, Amount amount) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    balances_[from].write(balances_[from].read() - amount);
    balances_[to].write(balances_[to].read() + amount - 1);  // a fee that nobody receives
  }

  Amount total() {
    const sync::lock_guard<sync::mutex> hold(lock_);
    Amount sum = 0;
    for (auto& balance : balances_) sum += balance.read();
    return sum;
  }

 private:
  sync::mutex lock_;
  std::vector<sync::var<Amount>> balances_;  // guarded by lock_
};

}  // namespace racelab::deadlock::using_mutex
