// corpus: valid: std::scoped_lock to copy the precision and to merge, the chunk computed unlocked
// fails: none
//
// Exercise: make the sum exact and parallel, with a mutex.
#pragma once

#include <mutex>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_mutex {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    const Total sum = chunk_sum(chunk, current_precision());
    std::scoped_lock lock(mutex_);
    total_.write(total_.read() + sum);
  }

  void set_precision(unsigned precision) {
    std::scoped_lock lock(mutex_);
    precision_.write(precision);
  }

  Total total() const {
    std::scoped_lock lock(mutex_);
    return total_.read();
  }

 private:
  unsigned current_precision() const {
    std::scoped_lock lock(mutex_);
    return precision_.read();
  }

  mutable sync::mutex mutex_;
  sync::var<unsigned> precision_;
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_mutex
