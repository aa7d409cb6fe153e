// Exercise: make the sum exact and parallel, with message passing.
//
// Run it:    ./scripts/lab run parallelism --variant channel
// Grade it:  ./scripts/lab check parallelism channel
// Compare:   ./scripts/lab diff parallelism channel   (once yours passes; handouts: once released)
//
// This is the first draft, with no synchronization at all: run it and every parallel total comes
// out short (two workers read the same total, both add, one write is lost), and ThreadSanitizer
// reports the race. The quick repair, one lock held across all of add(), is exact and no faster
// than a single thread: that is bug.hpp, the global lock. The checks want both exact and parallel.
#pragma once

#include <cstdint>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_channel {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  // TODO(channel, 1 of 4): do not touch total_ here at all. Compute the chunk into a local
  // (chunk_sum() in roots.hpp) and send it to the owner on a sync::channel<Total> member; serve()
  // below adds what arrives, on its own thread, so total_ has one writer and needs no lock.
  // TODO(channel, 2 of 4): a channel hands each message to one receiver, so it cannot broadcast a
  // setting to every worker. precision_ is a single word: make it a sync::atomic<unsigned> and load
  // it once per chunk.
  void add(Chunk chunk) {
    const unsigned precision = precision_.read();
    for (std::uint64_t i = chunk.first; i < chunk.first + chunk.count; ++i) {
      total_.write(total_.read() + term(i, precision));
    }
  }

  // TODO(channel, 2 of 4): store into the atomic precision_.
  void set_precision(unsigned precision) { precision_.write(precision); }

  // TODO(channel, 3 of 4): the owner's loop: receive partial sums until the channel is closed and
  // empty (receive() then returns an empty optional), adding each to total_. The program runs this
  // on a thread of its own for the sum's whole life.
  void serve() {}

  // TODO(channel, 4 of 4): close the channel; called once every add() has returned.
  void close() {}

  // serve() has returned before this is called: total_ is the owner's, and the owner is done.
  Total total() const { return total_.read(); }

 private:
  sync::var<unsigned> precision_;
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_channel
