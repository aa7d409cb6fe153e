// corpus: valid: atomic<const PriceTable*>, release store, acquire load; every table kept
// fails: none
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
    kept_.push_back(std::make_unique<const PriceTable>(0));
    current_.store(kept_.back().get(), std::memory_order_release);
  }

  // Release: everything make_table() wrote into the table is visible to a reader that loads the
  // pointer with acquire. A reader may still be in an old table, and nothing tells the writer
  // when it leaves, so old tables are kept until the book goes.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    std::unique_ptr<const PriceTable> fresh = make_table();
    const PriceTable* published = fresh.get();
    kept_.push_back(std::move(fresh));
    current_.store(published, std::memory_order_release);
  }

  Quote quote(std::size_t item) { return current_.load(std::memory_order_acquire)->quote(item); }

 private:
  sync::atomic<const PriceTable*> current_{nullptr};
  std::vector<std::unique_ptr<const PriceTable>> kept_;  // writer thread only
};

}  // namespace racelab::event_loop::using_atomic
