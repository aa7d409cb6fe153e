// corpus: valid: rwlock book; unique_lock and shared_lock made with std::defer_lock, then locked
// fails: none
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

  // The slow part runs with no lock held; the exclusive side is held for the swap only, and the
  // old table is freed after the unlock, when no reader can be in it.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    std::unique_ptr<PriceTable> fresh = make_table();
    sync::unique_lock<sync::shared_mutex> exclusive(lock_, std::defer_lock);
    exclusive.lock();
    table_.swap(fresh);
    exclusive.unlock();
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
