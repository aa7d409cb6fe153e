// corpus: wrong: locked as the reference is, but the precision and total are plain members
// fails: model
//
// Exercise: make the sum exact and parallel, with a reader-writer lock. (Correct on real threads;
// the model check cannot see plain members, so the grader refuses them for that part.)
#pragma once

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_rwlock {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    unsigned precision = 0;
    {
      const sync::shared_lock<sync::shared_mutex> read(lock_);
      precision = precision_;
    }
    const Total sum = chunk_sum(chunk, precision);
    const sync::lock_guard<sync::shared_mutex> write(lock_);
    total_ += sum;
  }

  void set_precision(unsigned precision) {
    const sync::lock_guard<sync::shared_mutex> write(lock_);
    precision_ = precision;
  }

  Total total() const { return total_; }

 private:
  sync::shared_mutex lock_;
  unsigned precision_;
  Total total_ = 0;
};

}  // namespace racelab::parallelism::using_rwlock
