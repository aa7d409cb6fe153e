// corpus: wrong: atomic pointer stored and loaded relaxed; keeps every table
// fails: functional model
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
    tables_.push_back(std::make_unique<PriceTable>(0));
    current_.store(tables_.back().get(), std::memory_order_relaxed);
  }

  // The store of a pointer is atomic, so the loop sees either the old table or the new one.
  // Every table is kept until the book goes, so none is freed under a reader.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    tables_.push_back(make_table());
    current_.store(tables_.back().get(), std::memory_order_relaxed);
  }

  Quote quote(std::size_t item) { return current_.load(std::memory_order_relaxed)->quote(item); }

 private:
  sync::atomic<PriceTable*> current_{nullptr};
  std::vector<std::unique_ptr<PriceTable>> tables_;  // writer thread only
};

}  // namespace racelab::event_loop::using_atomic
