// corpus: wrong: workers compute and send their chunk under one mutex, "so sends stay in order"
// fails: criteria
//
// Exercise: make the sum exact and parallel, with message passing. (Exact and race-free; the lock
// covers the computation, so the pool is no faster than one thread.)
#pragma once

#include <atomic>
#include <optional>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_channel {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    const sync::lock_guard<sync::mutex> hold(send_lock_);
    partial_sums_.send(chunk_sum(chunk, precision_.load(std::memory_order_relaxed)));
  }

  void set_precision(unsigned precision) { precision_.store(precision, std::memory_order_relaxed); }

  void serve() {
    while (const std::optional<Total> sum = partial_sums_.receive()) {
      total_.write(total_.read() + *sum);
    }
  }

  void close() { partial_sums_.close(); }

  Total total() const { return total_.read(); }

 private:
  sync::mutex send_lock_;
  sync::atomic<unsigned> precision_;
  sync::channel<Total> partial_sums_{256};
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_channel
