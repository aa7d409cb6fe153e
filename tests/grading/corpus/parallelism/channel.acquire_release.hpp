// corpus: valid: partial sums over a channel, a for(;;) owner loop, the precision release/acquire
// fails: none
//
// Exercise: make the sum exact and parallel, with message passing.
#pragma once

#include <atomic>
#include <optional>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_channel {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) {
    const unsigned precision = precision_.load(std::memory_order_acquire);
    sums_.send(chunk_sum(chunk, precision));
  }

  void set_precision(unsigned precision) { precision_.store(precision, std::memory_order_release); }

  void serve() {
    for (;;) {
      const std::optional<Total> sum = sums_.receive();
      if (!sum) break;  // closed, and every sum sent before is added
      total_.write(total_.read() + *sum);
    }
  }

  void close() { sums_.close(); }

  Total total() const { return total_.read(); }

 private:
  sync::atomic<unsigned> precision_;
  sync::channel<Total> sums_{16};
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_channel
