// Bad submission: does not compile. Only parallelism/mutex's parts may lose points for it.
#pragma once

#include "roots.hpp"

namespace racelab::parallelism::using_mutex {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}
  void add(Chunk chunk) { total_ += chunk_sum(chunk, precision_) }  // the missing ';'
  void set_precision(unsigned precision) { precision_ = precision; }
  Total total() const { return total_; }

 private:
  unsigned precision_;
  Total total_ = 0;
};

}  // namespace racelab::parallelism::using_mutex
