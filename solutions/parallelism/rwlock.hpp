// Reference fix: a reader-writer lock. Every chunk starts by reading the precision, and a
// reconfiguration is rare: readers take the shared side, so they never wait for each other. The
// chunk is computed with no lock held, and its sum is added under the exclusive side, because
// adding is a write. A reconfiguration takes the exclusive side too, and waits only for readers
// that are copying the precision, never for a chunk being computed.
//
// With one word of configuration the shared side saves little over a mutex; it pays when the
// parameters are large (a table the workers consult) and readers would otherwise queue behind
// each other.
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
      precision = precision_.read();
    }
    const Total sum = chunk_sum(chunk, precision);
    const sync::lock_guard<sync::shared_mutex> write(lock_);
    total_.write(total_.read() + sum);
  }

  void set_precision(unsigned precision) {
    const sync::lock_guard<sync::shared_mutex> write(lock_);
    precision_.write(precision);
  }

  // Called once the workers are joined: the join orders every add() before this read.
  Total total() const { return total_.read(); }

 private:
  sync::shared_mutex lock_;
  sync::var<unsigned> precision_;  // read under the shared side, written under the exclusive side
  sync::var<Total> total_{0};      // written under the exclusive side
};

}  // namespace racelab::parallelism::using_rwlock
