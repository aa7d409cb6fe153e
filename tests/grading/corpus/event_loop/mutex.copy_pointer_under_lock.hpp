// corpus: wrong: copies the pointer under the lock, reads the table after unlocking
// fails: functional tsan model
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

  // Build with no lock held, swap under the lock, free the old table after the unlock.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    std::unique_ptr<PriceTable> fresh = make_table();
    {
      const sync::lock_guard<sync::mutex> hold(lock_);
      std::swap(table_, fresh);
    }
  }

  // The lock only protects the pointer: copy it, unlock, then read the table.
  Quote quote(std::size_t item) {
    const PriceTable* table = nullptr;
    {
      const sync::lock_guard<sync::mutex> hold(lock_);
      table = table_.get();
    }
    return table->quote(item);
  }

 private:
  sync::mutex lock_;
  std::unique_ptr<PriceTable> table_;  // guarded by lock_
};

}  // namespace racelab::event_loop::using_mutex
