// corpus: wrong: atomic pointer; an old table is never freed, since a quote may still be in it
// fails: functional model
#pragma once

#include <cstddef>
#include <memory>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_atomic {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/)
      : current_{std::make_unique<const PriceTable>(0).release()} {}

  // A reader may be inside the old table, and freeing it is what crashes, so it is not freed:
  // the release store still makes the new table's contents visible to an acquire load.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    current_.store(make_table().release(), std::memory_order_release);
  }

  Quote quote(std::size_t item) { return current_.load(std::memory_order_acquire)->quote(item); }

 private:
  sync::atomic<const PriceTable*> current_;
};

}  // namespace racelab::event_loop::using_atomic
