// Bad submission: eats memory without end (64 MiB at a time, every page touched).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <memory>
#include <vector>

#include "prices.hpp"

namespace racelab::event_loop::using_channel {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  template <class MakeTable>
  void refresh(MakeTable /*make_table*/) {}

  Quote quote(std::size_t item) {
    constexpr std::size_t kBite = 64U << 20, kHugePage = 2U << 20;
    for (;;) {
      void* bite = std::aligned_alloc(kHugePage, kBite);
      if (bite == nullptr) throw std::bad_alloc();
      hoard_.push_back(bite);
      // Huge pages where the kernel has them: a fault per 2 MiB rather than per 4 KiB, so that
      // the grader's memory limit is reached in a fraction of a second even on a busy machine.
      ::madvise(bite, kBite, MADV_HUGEPAGE);
      for (std::size_t page = 0; page < kBite; page += 4096) static_cast<char*>(bite)[page] = 1;
    }
    return table_->quote(item);
  }

 private:
  std::vector<void*> hoard_;  // never freed: the grader must stop it
  std::unique_ptr<PriceTable> table_;
};

}  // namespace racelab::event_loop::using_channel
