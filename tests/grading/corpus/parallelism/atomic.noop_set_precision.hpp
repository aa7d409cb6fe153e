// corpus: wrong: the precision is a const member fixed at construction; set_precision() is a no-op
// fails: functional model
//
// Exercise: make the sum exact and parallel, with atomics. ("Nothing shared to synchronize if
// nobody writes it"; but the contract says later chunks use the new precision.)
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_atomic {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    total_.fetch_add(chunk_sum(chunk, precision_), std::memory_order_relaxed);
  }

  void set_precision(unsigned /*precision*/) {}

  Total total() const { return total_.load(std::memory_order_relaxed); }

 private:
  const unsigned precision_;
  sync::atomic<Total> total_{0};
};

}  // namespace racelab::parallelism::using_atomic
