// corpus: wrong: partial sums over a channel, but the precision is a plain unsigned member
// fails: functional model
//
// Exercise: make the sum exact and parallel, with message passing. (The program never reconfigures
// while it measures, so its own run under ThreadSanitizer cannot see the race on the precision.)
#pragma once

#include <optional>

#include <racelab/sync.hpp>

#include "roots.hpp"

namespace racelab::parallelism::using_channel {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}

  void add(Chunk chunk) { partial_sums_.send(chunk_sum(chunk, precision_)); }

  // A single unsigned: writing it is one instruction.
  void set_precision(unsigned precision) { precision_ = precision; }

  void serve() {
    while (const std::optional<Total> sum = partial_sums_.receive()) {
      total_.write(total_.read() + *sum);
    }
  }

  void close() { partial_sums_.close(); }

  Total total() const { return total_.read(); }

 private:
  unsigned precision_;
  sync::channel<Total> partial_sums_{256};
  sync::var<Total> total_{0};
};

}  // namespace racelab::parallelism::using_channel
