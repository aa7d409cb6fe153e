// corpus: wrong: atomic pointer; frees a table two refreshes after it was replaced
// fails: functional model
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_atomic {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : current_(new PriceTable(0)) {}
  ~PriceBook() {
    delete current_.load(std::memory_order_relaxed);
    delete previous_;
    delete before_previous_;
  }
  PriceBook(const PriceBook&) = delete;
  PriceBook& operator=(const PriceBook&) = delete;

  // Release: the new table's contents are visible to whoever loads its address with acquire.
  // A quote takes microseconds and a refresh is slow, so a table that was replaced two refreshes
  // ago has long been left by every reader: only then is it freed.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    PriceTable* fresh = make_table().release();
    PriceTable* old = current_.exchange(fresh, std::memory_order_acq_rel);
    delete before_previous_;
    before_previous_ = previous_;
    previous_ = old;
  }

  Quote quote(std::size_t item) { return current_.load(std::memory_order_acquire)->quote(item); }

 private:
  sync::atomic<PriceTable*> current_;
  PriceTable* previous_ = nullptr;         // writer thread only
  PriceTable* before_previous_ = nullptr;  // writer thread only
};

}  // namespace racelab::event_loop::using_atomic
