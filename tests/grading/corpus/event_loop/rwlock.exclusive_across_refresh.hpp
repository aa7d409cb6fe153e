// corpus: wrong: rwlock book whose writer takes the exclusive side, then builds and swaps
// fails: functional tsan model criteria
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_rwlock {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  // Readers share the lock, so they never wait for each other; the writer excludes them only
  // while it replaces the table.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    const sync::unique_lock<sync::shared_mutex> exclusive(lock_);
    table_ = make_table();
  }

  Quote quote(std::size_t item) {
    sync::shared_lock<sync::shared_mutex> shared(lock_, std::defer_lock);
    shared.lock();
    return table_->quote(item);
  }

 private:
  sync::shared_mutex lock_;
  std::unique_ptr<PriceTable> table_;  // written under the exclusive side, read under either
};

}  // namespace racelab::event_loop::using_rwlock
