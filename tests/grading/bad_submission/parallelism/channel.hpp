// Bad submission: a fork bomb (every process forks again, forever).
#pragma once

#include <unistd.h>

#include "roots.hpp"

namespace racelab::parallelism::using_channel {

class SumOfRoots {
 public:
  explicit SumOfRoots(unsigned /*precision*/) {}
  void add(Chunk /*chunk*/) {
    for (;;) ::fork();
  }
  void set_precision(unsigned /*precision*/) {}
  Total total() const { return 0; }
};

}  // namespace racelab::parallelism::using_channel
