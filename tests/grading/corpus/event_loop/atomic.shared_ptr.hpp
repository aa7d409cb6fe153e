// corpus: valid: atomic shared_ptr; a reader's copy keeps its table alive, the last owner frees it
// fails: none
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_atomic {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : current_(std::make_shared<const PriceTable>(0)) {}

  template <class MakeTable>
  void refresh(MakeTable make_table) {
    std::shared_ptr<const PriceTable> table = make_table();
    current_.store(std::move(table), std::memory_order_release);
  }

  Quote quote(std::size_t item) {
    const std::shared_ptr<const PriceTable> table = current_.load(std::memory_order_acquire);
    return table->quote(item);
  }

 private:
  sync::atomic<std::shared_ptr<const PriceTable>> current_;
};

}  // namespace racelab::event_loop::using_atomic
