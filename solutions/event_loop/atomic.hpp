// Reference fix: publish each table through an atomic pointer. The loop never takes a lock; a
// quote is one atomic load and a few reads of a table that nobody changes any more.
//
// Memory orders:
//   store(release) in refresh, load(acquire) in quote. The table's fields are plain writes made
//   before the store; release/acquire makes every one of them visible to a reader that loads the
//   new pointer. With relaxed on either side, a reader could follow the new pointer and read the
//   fields before they are written: a data race, which the model check reports.
//
// The price is reclamation. A reader may still be using the old table when the writer publishes a
// new one, and with no lock the writer cannot know when it is done. This book keeps every table
// it published until it is destroyed, which is fine for a handful of refreshes and a leak for a
// server that refreshes forever; the real answers are hazard pointers, RCU, or
// std::atomic<std::shared_ptr<T>> (C++20, which may take a lock inside).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_atomic {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) {
    published_.push_back(std::make_unique<PriceTable>(0));
    current_.store(published_.back().get(), std::memory_order_relaxed);  // before any thread
  }

  template <class MakeTable>
  void refresh(MakeTable make_table) {
    published_.push_back(make_table());  // slow; the writer's own list, no reader looks at it
    current_.store(published_.back().get(), std::memory_order_release);
  }

  Quote quote(std::size_t item) { return current_.load(std::memory_order_acquire)->quote(item); }

 private:
  sync::atomic<PriceTable*> current_{nullptr};
  // Every table ever published, freed with the book (see above). Writer thread only.
  std::vector<std::unique_ptr<PriceTable>> published_;
};

}  // namespace racelab::event_loop::using_atomic
