// corpus: valid: the writer builds the table, then posts a handler that moves it into the book
// fails: none
#pragma once

#include <cstddef>
#include <memory>
#include <utility>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_channel {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop post) : post_(std::move(post)), table_(new PriceTable(0)) {}

  // Built on the writer's thread; only the loop thread ever touches table_.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    auto fresh = std::make_shared<std::unique_ptr<PriceTable>>(make_table());
    post_("install the new prices", [this, fresh] { table_ = std::move(*fresh); });
  }

  Quote quote(std::size_t item) { return table_->quote(item); }

 private:
  PostToLoop post_;
  std::unique_ptr<PriceTable> table_;  // loop thread only
};

}  // namespace racelab::event_loop::using_channel
