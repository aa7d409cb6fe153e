// corpus: wrong: the merge takes the shared side of the lock, like the precision read
// fails: functional tsan model
//
// Exercise: make the sum exact and parallel, with a reader-writer lock.
#pragma once

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_rwlock {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  // Workers never block each other: everything they do takes the shared side.
  void add(Chunk chunk) {
    unsigned precision = 0;
    {
      const sync::shared_lock<sync::shared_mutex> read(lock_);
      precision = precision_.read();
    }
    const Total sum = chunk_sum(chunk, precision);
    const sync::shared_lock<sync::shared_mutex> merge(lock_);
    total_.write(total_.read() + sum);
  }

  void set_precision(unsigned precision) {
    const sync::lock_guard<sync::shared_mutex> write(lock_);
    precision_.write(precision);
  }

  Total total() const { return total_.read(); }

 private:
  sync::shared_mutex lock_;
  sync::var<unsigned> precision_;
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_rwlock
