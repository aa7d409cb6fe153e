// corpus: valid: a compare_exchange_weak loop merges the chunk, relaxed on success and failure
// fails: none
//
// Exercise: make the sum exact and parallel, with atomics.
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_atomic {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    const Total sum = chunk_sum(chunk, precision_.load(std::memory_order_relaxed));
    Total seen = total_.load(std::memory_order_relaxed);
    while (!total_.compare_exchange_weak(seen, seen + sum, std::memory_order_relaxed,
                                         std::memory_order_relaxed)) {
    }
  }

  void set_precision(unsigned precision) { precision_.store(precision, std::memory_order_relaxed); }

  Total total() const { return total_.load(std::memory_order_relaxed); }

 private:
  sync::atomic<unsigned> precision_;
  sync::atomic<Total> total_{0};
};

}  // namespace racelab::parallelism::using_atomic
