// Reference fix: do the slow work outside the lock. The writer builds the new table with no lock
// held and takes the lock only to swap one pointer, so the loop's critical section, and its
// longest possible wait, is a pointer copy and a few reads.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_mutex {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  template <class MakeTable>
  void refresh(MakeTable make_table) {
    std::unique_ptr<PriceTable> fresh = make_table();  // slow; nobody waits for it
    {
      const sync::lock_guard<sync::mutex> hold(lock_);
      std::swap(table_, fresh);
    }
    // `fresh` now owns the old table and frees it here, after the unlock: a destructor is work
    // too, and no reader can still be inside it, since readers use the table only under the lock.
  }

  Quote quote(std::size_t item) {
    const sync::lock_guard<sync::mutex> hold(lock_);  // held for a few reads, never for a refresh
    return table_->quote(item);
  }

 private:
  sync::mutex lock_;
  std::unique_ptr<PriceTable> table_;  // guarded by lock_
};

}  // namespace racelab::event_loop::using_mutex
