// corpus: wrong: the merge is an atomic load, then an atomic store of the new total
// fails: functional model
//
// Exercise: make the sum exact and parallel, with atomics. (No data race; an update can still be
// lost between the load and the store, rarely: once per chunk, a window of nanoseconds.)
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
    total_.store(total_.load(std::memory_order_relaxed) + sum, std::memory_order_relaxed);
  }

  void set_precision(unsigned precision) { precision_.store(precision, std::memory_order_relaxed); }

  Total total() const { return total_.load(std::memory_order_relaxed); }

 private:
  sync::atomic<unsigned> precision_;
  sync::atomic<Total> total_{0};
};

}  // namespace racelab::parallelism::using_atomic
