// Bad submission: deadlocks on itself (quote() takes the lock it already holds) and hangs.
#pragma once

#include <cstddef>
#include <memory>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_mutex {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  template <class MakeTable>
  void refresh(MakeTable make_table) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    table_ = make_table();
  }

  Quote quote(std::size_t item) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    const sync::lock_guard<sync::mutex> again(lock_);  // never returns
    return table_->quote(item);
  }

 private:
  sync::mutex lock_;
  std::unique_ptr<PriceTable> table_;
};

}  // namespace racelab::event_loop::using_mutex
