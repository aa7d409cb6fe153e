// corpus: wrong: deposits go to the owner, balance() reads an atomic copy the owner keeps
// fails: functional model
//
// Exercise: fix the lost update by message passing: one owner thread is the only writer.
// (No round trip for the auditor: the owner publishes the balance after every deposit. The
// program's own run reads the balance once its depositors are joined, when the owner has nearly
// always caught up: its verdict cannot be relied on to see this.)
#pragma once

#include <atomic>
#include <optional>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_channel {

class Account {
 public:
  void deposit(Amount amount) { deposits_.send(amount); }

  Amount balance() { return published_.load(std::memory_order_acquire); }

  void serve() {
    while (const std::optional<Amount> amount = deposits_.receive()) {
      balance_.write(balance_.read() + *amount);
      published_.store(balance_.read(), std::memory_order_release);
    }
  }

  void close() { deposits_.close(); }

 private:
  sync::channel<Amount> deposits_{1024};
  sync::var<Amount> balance_{0};
  sync::atomic<Amount> published_{0};
};

}  // namespace racelab::lost_update::using_channel
