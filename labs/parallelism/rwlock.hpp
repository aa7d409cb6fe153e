// Exercise: make the sum exact and parallel, with a reader-writer lock.
//
// Run it:    ./scripts/lab run parallelism --variant rwlock
// Grade it:  ./scripts/lab check parallelism rwlock
// Compare:   ./scripts/lab diff parallelism rwlock   (once yours passes; handouts: once released)
//
// This is the first draft, with no synchronization at all: run it and every parallel total comes
// out short (two workers read the same total, both add, one write is lost), and ThreadSanitizer
// reports the race. The quick repair, one lock held across all of add(), is exact and no faster
// than a single thread: that is bug.hpp, the global lock. The checks want both exact and parallel.
#pragma once

#include <cstdint>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_rwlock {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  // TODO(rwlock, 1 of 3): workers only read precision_; set_precision() writes it, rarely. Add a
  // sync::shared_mutex, and read the precision into a local under the side that lets workers read
  // it together.
  // TODO(rwlock, 2 of 3): compute the chunk into a local (chunk_sum() in roots.hpp) with no lock
  // held at all, then add it to total_: which side does adding need?
  void add(Chunk chunk) {
    const unsigned precision = precision_.read();
    for (std::uint64_t i = chunk.first; i < chunk.first + chunk.count; ++i) {
      total_.write(total_.read() + term(i, precision));
    }
  }

  // TODO(rwlock, 3 of 3): a reconfiguration is a write: take the exclusive side.
  void set_precision(unsigned precision) { precision_.write(precision); }

  // Called once the workers are joined: the join orders every add() before this read.
  Total total() const { return total_.read(); }

 private:
  sync::var<unsigned> precision_;
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_rwlock
