// corpus: wrong: posts the install handler first; it waits on a channel for the table being built
// fails: functional tsan model criteria
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_channel {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop post) : post_(std::move(post)), table_(new PriceTable(0)) {}

  // The loop gets the install handler at once, so it is ready the moment the table is: the
  // handler takes it from a channel the writer sends it on.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    post_("install the new prices", [this] {
      if (std::optional<PriceTable*> fresh = tables_.receive()) table_.reset(*fresh);
    });
    tables_.send(make_table().release());
  }

  Quote quote(std::size_t item) { return table_->quote(item); }

 private:
  PostToLoop post_;
  sync::channel<PriceTable*> tables_{1};
  std::unique_ptr<PriceTable> table_;  // loop thread only
};

}  // namespace racelab::event_loop::using_channel
