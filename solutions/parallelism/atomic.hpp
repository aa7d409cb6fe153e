// Reference fix: atomics. The chunk is computed into a local; one fetch_add merges it. Relaxed
// order is enough for both atomics, because neither publishes anything else: the precision is a
// value read for its own sake, and the total is read only after the workers are joined, and the
// join orders every fetch_add before that read. (A relaxed fetch_add is still indivisible: no
// update is lost. Memory order is about what *other* memory a thread sees, not about atomicity.)
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
    total_.fetch_add(sum, std::memory_order_relaxed);
  }

  void set_precision(unsigned precision) { precision_.store(precision, std::memory_order_relaxed); }

  Total total() const { return total_.load(std::memory_order_relaxed); }

 private:
  sync::atomic<unsigned> precision_;
  sync::atomic<Total> total_{0};
};

}  // namespace racelab::parallelism::using_atomic
