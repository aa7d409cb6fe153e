// corpus: valid: total_ += sum, precision_ = bits and return total_ on sync::atomic, seq_cst
// fails: none
//
// Exercise: make the sum exact and parallel, with atomics.
#pragma once

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_atomic {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    const unsigned precision = precision_;  // one load per chunk
    total_ += chunk_sum(chunk, precision);
  }

  void set_precision(unsigned precision) { precision_ = precision; }

  Total total() const { return total_; }

 private:
  sync::atomic<unsigned> precision_;
  sync::atomic<Total> total_{0};
};

}  // namespace racelab::parallelism::using_atomic
