// Reference fix: a mutex around the shared state only. The chunk is computed into a local with no
// lock held; the lock is taken twice per chunk, briefly: to read the precision and to add the
// chunk's sum. Workers wait for each other for nanoseconds per chunk instead of for whole chunks.
#pragma once

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_mutex {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    unsigned precision = 0;
    {
      const sync::lock_guard<sync::mutex> hold(lock_);
      precision = precision_.read();
    }
    const Total sum = chunk_sum(chunk, precision);  // all the time goes here, and no lock is held
    const sync::lock_guard<sync::mutex> hold(lock_);
    total_.write(total_.read() + sum);
  }

  void set_precision(unsigned precision) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    precision_.write(precision);
  }

  // Called once the workers are joined: the join orders every add() before this read.
  Total total() const { return total_.read(); }

 private:
  sync::mutex lock_;
  sync::var<unsigned> precision_;  // guarded by lock_
  sync::var<Total> total_{0};      // guarded by lock_
};

}  // namespace racelab::parallelism::using_mutex
