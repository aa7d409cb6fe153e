// Reference fix: a reader-writer lock, with the writer preparing outside it. Quotes take the
// shared side (any number at once); the writer builds the new table with no lock held and takes
// the exclusive side only to swap the pointer, so a reader waits at most for that swap.
//
// The shared side matters when several threads read (a thread pool serving quotes); the loop is
// one thread, so here the gain over the mutex fix is nil. What fixes the loop is the same move as
// in the mutex fix: the slow work leaves the critical section. An rwlock around a slow refresh
// would block the loop exactly as the bug does.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_rwlock {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  template <class MakeTable>
  void refresh(MakeTable make_table) {
    std::unique_ptr<PriceTable> fresh = make_table();  // slow, outside the lock
    {
      const sync::lock_guard<sync::shared_mutex> exclusive(lock_);
      std::swap(table_, fresh);
    }
    // The old table is freed after the unlock; readers use it only under the shared side.
  }

  Quote quote(std::size_t item) {
    const sync::shared_lock<sync::shared_mutex> shared(lock_);
    return table_->quote(item);
  }

 private:
  sync::shared_mutex lock_;
  std::unique_ptr<PriceTable> table_;  // written under the exclusive side, read under either
};

}  // namespace racelab::event_loop::using_rwlock
