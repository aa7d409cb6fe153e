// Exercise: keep the loop's critical section tiny with a plain mutex.
//
// Run it:    ./scripts/lab run event_loop --variant mutex
// Grade it:  ./scripts/lab check event_loop mutex
// Compare:   ./scripts/lab diff event_loop mutex   (once yours passes; handouts: once released)
#pragma once

#include <cstddef>
#include <memory>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_mutex {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  // The background thread.
  // TODO(mutex, 1 of 2): make_table() is the slow part, and it runs with the lock held, so the
  // loop's quote() waits for all of it. Build the new table first, with no lock held; then take the
  // lock only to swap it in. Where should the old table be freed?
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    table_ = make_table();  // slow, and the lock is held throughout
  }

  // A request handler, on the loop thread.
  // TODO(mutex, 2 of 2): with refresh() fixed, this lock is held only for a swap. Check that
  // nothing slow is left inside either critical section.
  Quote quote(std::size_t item) {
    const sync::lock_guard<sync::mutex> hold(lock_);  // waits for the whole refresh
    return table_->quote(item);
  }

 private:
  sync::mutex lock_;
  std::unique_ptr<PriceTable> table_;  // guarded by lock_
};

}  // namespace racelab::event_loop::using_mutex
