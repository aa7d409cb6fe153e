// Bad submission: crashes (a write through a null pointer) on the first chunk.
#pragma once

#include "roots.hpp"

namespace racelab::parallelism::using_atomic {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned precision) : precision_(precision) {}
  void add(Chunk chunk) { *nowhere_ += chunk_sum(chunk, precision_); }
  void set_precision(unsigned precision) { precision_ = precision; }
  Total total() const { return 0; }

 private:
  unsigned precision_;
  Total* volatile nowhere_ = nullptr;
};

}  // namespace racelab::parallelism::using_atomic
