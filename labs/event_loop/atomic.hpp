// Exercise: publish the table through an atomic pointer; the loop takes no lock at all.
//
// Run it:    ./scripts/lab run event_loop --variant atomic
// Grade it:  ./scripts/lab check event_loop atomic
// Compare:   ./scripts/lab diff event_loop atomic   (once yours passes; handouts: once released)
#pragma once

#include <cstddef>
#include <memory>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_atomic {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  // The background thread.
  // TODO(atomic, 1 of 2): replace the lock and the unique_ptr with a sync::atomic<PriceTable*>
  // (the constructor changes too: it publishes table 0). Build the table first, then store its
  // address with a memory order that makes the table's contents visible to a reader that loads
  // the pointer: too weak an order is a data race on those contents, which the model check finds,
  // and `scripts/lab quiz event_loop` asks why. And the old table: a reader may still be using
  // it, and you cannot know when it is done. What may you free, and when?
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    table_ = make_table();  // slow, and the lock is held throughout
  }

  // A request handler, on the loop thread.
  // TODO(atomic, 2 of 2): one atomic load, with the matching memory order, then read the table.
  Quote quote(std::size_t item) {
    const sync::lock_guard<sync::mutex> hold(lock_);  // waits for the whole refresh
    return table_->quote(item);
  }

 private:
  sync::mutex lock_;
  std::unique_ptr<PriceTable> table_;  // guarded by lock_
};

}  // namespace racelab::event_loop::using_atomic
