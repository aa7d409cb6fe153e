// corpus: wrong: one lock_guard at the top of add(), held while the whole chunk is computed
// fails: criteria
//
// Exercise: make the sum exact and parallel, with a mutex. (Exact and race-free: the pool is no
// faster than one thread, which only the criteria part measures.)
#pragma once

#include <cstdint>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_mutex {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    const Total sum = chunk_sum(chunk, precision_.read());
    total_.write(total_.read() + sum);
  }

  void set_precision(unsigned precision) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    precision_.write(precision);
  }

  Total total() const { return total_.read(); }

 private:
  sync::mutex lock_;
  sync::var<unsigned> precision_;
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_mutex
