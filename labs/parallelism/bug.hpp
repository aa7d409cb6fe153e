// The shipped bug: a global lock held for the whole chunk. Every total is exact and ThreadSanitizer
// has nothing to report, yet two workers take as long as one: while one computes, the other waits
// for the lock. This is what a global interpreter lock does to CPU-bound threads.
#pragma once

#include <cstdint>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::bug {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    // The bug: the lock covers the computation, not just the shared total.
    const sync::lock_guard<sync::mutex> hold(lock_);
    const unsigned precision = precision_.read();
    for (std::uint64_t i = chunk.first; i < chunk.first + chunk.count; ++i) {
      total_.write(total_.read() + term(i, precision));
    }
  }

  void set_precision(unsigned precision) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    precision_.write(precision);
  }

  Total total() const {
    const sync::lock_guard<sync::mutex> hold(lock_);
    return total_.read();
  }

 private:
  mutable sync::mutex lock_;
  sync::var<unsigned> precision_;
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::bug
