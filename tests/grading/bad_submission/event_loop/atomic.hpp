// Bad submission: spins forever, waiting for a flag that nothing sets.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

#include "prices.hpp"

namespace racelab::event_loop::using_atomic {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  template <class MakeTable>
  void refresh(MakeTable /*make_table*/) {}

  Quote quote(std::size_t item) {
    while (!ready_.load(std::memory_order_relaxed)) {
    }
    return table_->quote(item);
  }

 private:
  std::atomic<bool> ready_{false};
  std::unique_ptr<PriceTable> table_;
};

}  // namespace racelab::event_loop::using_atomic
