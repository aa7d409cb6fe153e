// Exercise: message passing; the loop owns the table and the writer posts new ones to it.
//
// Run it:    ./scripts/lab run event_loop --variant channel
// Grade it:  ./scripts/lab check event_loop channel
// Compare:   ./scripts/lab diff event_loop channel   (once yours passes; handouts: once released)
#pragma once

#include <cstddef>
#include <memory>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_channel {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  // The background thread.
  // TODO(channel, 1 of 2): no lock at all. Keep the PostToLoop the constructor is given; build the
  // new table on this (the writer's) thread, then post a small handler to the loop that installs
  // it. The table then belongs to the loop thread alone. (std::function wants a copyable callable:
  // a std::shared_ptr can carry the table. Posts run in the order they were made, so whatever the
  // writer posts after refresh() returns runs after your handler.)
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    table_ = make_table();  // slow, and the lock is held throughout
  }

  // A request handler, on the loop thread.
  // TODO(channel, 2 of 2): once the loop owns the table, a quote is a plain read on the loop
  // thread.
  Quote quote(std::size_t item) {
    const sync::lock_guard<sync::mutex> hold(lock_);  // waits for the whole refresh
    return table_->quote(item);
  }

 private:
  sync::mutex lock_;
  std::unique_ptr<PriceTable> table_;  // guarded by lock_
};

}  // namespace racelab::event_loop::using_channel
