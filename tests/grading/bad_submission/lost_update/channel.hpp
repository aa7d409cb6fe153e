// Bad submission: spins forever, waiting for a flag that nothing sets.
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_channel {

class Account {
 public:
  void deposit(Amount amount) {
    while (!ready_.load(std::memory_order_relaxed)) {
    }
    balance_.fetch_add(amount);
  }

  Amount balance() const { return balance_.load(); }

 private:
  sync::atomic<bool> ready_{false};
  sync::atomic<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_channel
