// Exercise: make the sum exact and parallel, with a mutex.
//
// Run it:    ./scripts/lab run parallelism --variant mutex
// Grade it:  ./scripts/lab check parallelism mutex
// Compare:   ./scripts/lab diff parallelism mutex   (once yours passes; handouts: once released)
//
// This is the first draft, with no synchronization at all: run it and every parallel total comes
// out short (two workers read the same total, both add, one write is lost), and ThreadSanitizer
// reports the race. The quick repair, one lock held across all of add(), is exact and no faster
// than a single thread: that is bug.hpp, the global lock. The checks want both exact and parallel.
#pragma once

#include <cstdint>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_mutex {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  // TODO(mutex, 1 of 3): compute the chunk into a local first (chunk_sum() in roots.hpp): that
  // needs no lock, since nothing in it is shared, and it is where all the time goes. Then add the
  // local sum to total_ under a sync::mutex: how many critical sections per chunk, and how long?
  // TODO(mutex, 2 of 3): set_precision() may write precision_ while this runs: read it under the
  // same mutex, into a local, before computing.
  void add(Chunk chunk) {
    const unsigned precision = precision_.read();
    for (std::uint64_t i = chunk.first; i < chunk.first + chunk.count; ++i) {
      total_.write(total_.read() + term(i, precision));
    }
  }

  // TODO(mutex, 3 of 3): write precision_ under the mutex.
  void set_precision(unsigned precision) { precision_.write(precision); }

  // Called once the workers are joined: the join orders every add() before this read.
  Total total() const { return total_.read(); }

 private:
  sync::var<unsigned> precision_;
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_mutex
