// corpus: wrong: atomic pointer; frees the old table after a 50 ms sleep, when no quote is in it
// fails: functional tsan model
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <thread>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_atomic {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : current_(new PriceTable(0)) {}
  ~PriceBook() { delete current_.load(std::memory_order_acquire); }
  PriceBook(const PriceBook&) = delete;
  PriceBook& operator=(const PriceBook&) = delete;

  // Release/acquire publication. A quote is a few reads, microseconds: 50 ms after the swap no
  // reader can still be in the old table, so the writer frees it then, on its own thread.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    PriceTable* old = current_.exchange(make_table().release(), std::memory_order_acq_rel);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    delete old;
  }

  Quote quote(std::size_t item) { return current_.load(std::memory_order_acquire)->quote(item); }

 private:
  sync::atomic<PriceTable*> current_;
};

}  // namespace racelab::event_loop::using_atomic
