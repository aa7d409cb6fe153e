// Exercise: make the sum exact and parallel, with atomics.
//
// Run it:    ./scripts/lab run parallelism --variant atomic
// Grade it:  ./scripts/lab check parallelism atomic
// Compare:   ./scripts/lab diff parallelism atomic   (once yours passes; handouts: once released)
//
// This is the first draft, with no synchronization at all: run it and every parallel total comes
// out short (two workers read the same total, both add, one write is lost), and ThreadSanitizer
// reports the race. The quick repair, one lock held across all of add(), is exact and no faster
// than a single thread: that is bug.hpp, the global lock. The checks want both exact and parallel.
#pragma once

#include <cstdint>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_atomic {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  // TODO(atomic, 1 of 4): compute the chunk into a local first (chunk_sum() in roots.hpp): nothing
  // in it is shared, and it is where all the time goes. Then add it to the total in one indivisible
  // step: make total_ a sync::atomic<Total> and use fetch_add. Which memory order does a sum need,
  // when nothing else is published with it and the workers are joined before total() reads it?
  // TODO(atomic, 2 of 4): precision_ is written by set_precision() while workers read it: make it a
  // sync::atomic<unsigned> too, and load it once per chunk.
  void add(Chunk chunk) {
    const unsigned precision = precision_.read();
    for (std::uint64_t i = chunk.first; i < chunk.first + chunk.count; ++i) {
      total_.write(total_.read() + term(i, precision));
    }
  }

  // TODO(atomic, 3 of 4): store into the atomic precision_.
  void set_precision(unsigned precision) { precision_.write(precision); }

  // TODO(atomic, 4 of 4): load the atomic total_ (the join has already ordered every fetch_add
  // before this call).
  Total total() const { return total_.read(); }

 private:
  sync::var<unsigned> precision_;
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_atomic
