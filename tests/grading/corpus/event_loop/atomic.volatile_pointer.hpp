// corpus: wrong: the table pointer is volatile, not atomic, so the loop always reads it fresh
// fails: functional tsan model
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_atomic {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) {
    kept_.push_back(std::make_unique<PriceTable>(0));
    current_ = kept_.back().get();
  }

  // volatile: the compiler may not cache the pointer, so a quote always sees the newest one. A
  // pointer is one word, written in one go. Every table is kept, so none is freed under a reader.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    kept_.push_back(make_table());
    current_ = kept_.back().get();
  }

  Quote quote(std::size_t item) { return current_->quote(item); }

 private:
  PriceTable* volatile current_ = nullptr;
  std::vector<std::unique_ptr<PriceTable>> kept_;  // writer thread only
};

}  // namespace racelab::event_loop::using_atomic
