// Exercise: share the lock among readers; take it exclusively only to swap.
//
// Run it:    ./scripts/lab run event_loop --variant rwlock
// Grade it:  ./scripts/lab check event_loop rwlock
// Compare:   ./scripts/lab diff event_loop rwlock   (once yours passes; handouts: once released)
#pragma once

#include <cstddef>
#include <memory>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_rwlock {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  // The background thread.
  // TODO(rwlock, 1 of 2): make the lock a sync::shared_mutex. Prepare the new table with no lock
  // held, then take the exclusive side only to swap it in. (Taking the exclusive side around the
  // slow work would block the loop just as this does.)
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    table_ = make_table();  // slow, and the lock is held throughout
  }

  // A request handler, on the loop thread.
  // TODO(rwlock, 2 of 2): the loop's handlers only read the table: which side do they take?
  Quote quote(std::size_t item) {
    const sync::lock_guard<sync::mutex> hold(lock_);  // waits for the whole refresh
    return table_->quote(item);
  }

 private:
  sync::mutex lock_;
  std::unique_ptr<PriceTable> table_;  // guarded by lock_
};

}  // namespace racelab::event_loop::using_rwlock
