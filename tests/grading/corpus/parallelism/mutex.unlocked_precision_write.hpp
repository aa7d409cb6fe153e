// corpus: wrong: add() reads the precision under the mutex, set_precision() writes it unlocked
// fails: functional model
//
// Exercise: make the sum exact and parallel, with a mutex. (The program never reconfigures while
// it measures, so its own run under ThreadSanitizer cannot see this.)
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
    const Total sum = chunk_sum(chunk, precision);
    const sync::lock_guard<sync::mutex> hold(lock_);
    total_.write(total_.read() + sum);
  }

  // A single word, written in one go.
  void set_precision(unsigned precision) { precision_.write(precision); }

  Total total() const { return total_.read(); }

 private:
  sync::mutex lock_;
  sync::var<unsigned> precision_;
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_mutex
