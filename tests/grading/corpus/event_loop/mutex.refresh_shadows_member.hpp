// corpus: wrong: builds the new table into a local of the same name, so nothing is published
// fails: functional model
#pragma once

#include <cstddef>
#include <memory>
#include <utility>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_mutex {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_shared<const PriceTable>(0)) {}

  // Built with no lock held; the lock is held for the assignment only.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    std::shared_ptr<const PriceTable> table_ = make_table();
    {
      const sync::lock_guard<sync::mutex> hold(lock_);
      table_ = std::move(table_);
    }
  }

  // The lock guards the pointer; our own copy keeps the table alive after the unlock.
  Quote quote(std::size_t item) {
    std::shared_ptr<const PriceTable> table;
    {
      const sync::lock_guard<sync::mutex> hold(lock_);
      table = table_;
    }
    return table->quote(item);
  }

 private:
  sync::mutex lock_;
  std::shared_ptr<const PriceTable> table_;  // guarded by lock_
};

}  // namespace racelab::event_loop::using_mutex
