// racelab/start_gate.hpp — release a group of threads at the same instant, so that they overlap.
//
// A race only shows when threads really run at the same time. Starting them one after another
// does not do that: on 2 cores the first thread can finish a million deposits before the second
// one is even scheduled. std::barrier helps less than it seems: its waiters sleep in the kernel,
// and the wake-up can take a scheduler tick (milliseconds), during which the thread that arrived
// last runs alone. Here every thread stays runnable while it waits (spinning with yield), so the
// scheduler keeps them on separate cores, and the last arrival releases them all within
// nanoseconds.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <thread>

namespace racelab {

class StartGate {
 public:
  explicit StartGate(std::size_t threads) : expected_(threads) {}

  // Blocks until `threads` callers have arrived; returns when the last one has. The arrival is a
  // release and the wait an acquire, so whatever a thread did before arriving is visible to every
  // thread after the gate opens.
  void arrive_and_wait() {
    if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == expected_) {
      opened_at_ = std::chrono::steady_clock::now();
      open_.store(true, std::memory_order_release);
      return;
    }
    while (!open_.load(std::memory_order_acquire)) std::this_thread::yield();
  }

  // When the gate opened. Valid for any thread that has passed it.
  [[nodiscard]] std::chrono::steady_clock::time_point opened_at() const { return opened_at_; }

 private:
  const std::size_t expected_;
  std::atomic<std::size_t> arrived_{0};
  std::atomic<bool> open_{false};
  std::chrono::steady_clock::time_point opened_at_;  // written before open_ is released
};

}  // namespace racelab
