// Reference fix: message passing. Workers compute their chunk into a local and send the sum to
// one owner, which alone adds to the total: the total has a single writer and needs no lock. The
// channel carries one small message per chunk, so the workers almost never wait for the owner.
//
// The precision is the one thing every worker reads, and a channel cannot broadcast: each message
// goes to one receiver. A single word of configuration is what an atomic is for (relaxed: it is
// read for its own sake and publishes nothing else).
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_channel {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    partial_sums_.send(chunk_sum(chunk, precision_.load(std::memory_order_relaxed)));
  }

  void set_precision(unsigned precision) { precision_.store(precision, std::memory_order_relaxed); }

  void serve() {
    while (const std::optional<Total> sum = partial_sums_.receive()) {
      total_.write(total_.read() + *sum);
    }
  }

  void close() { partial_sums_.close(); }

  // serve() has returned before this is called: total_ is the owner's, and the owner is done.
  Total total() const { return total_.read(); }

 private:
  // Room for every worker to send without waiting while the owner is busy adding.
  static constexpr std::size_t kCapacity = 256;

  sync::atomic<unsigned> precision_;
  sync::channel<Total> partial_sums_{kCapacity};
  // Only serve() writes it. A sync::var, so that the model check would report any other thread's
  // access as a data race.
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_channel
