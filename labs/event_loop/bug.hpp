// The shipped bug: the writer holds the book's lock for the whole slow refresh, and the request
// handler takes that same lock on the loop thread. For as long as the refresh runs, the handler
// waits, and with it the entire loop: every other request, every timer, the heartbeat.
//
// Nothing here is a data race: every access is under the lock, and ThreadSanitizer stays silent.
// The bug is where the waiting happens. See README.md.
#pragma once

#include <cstddef>
#include <memory>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::bug {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  // The background thread.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    const sync::lock_guard<sync::mutex> hold(lock_);
    table_ = make_table();  // slow, and the lock is held throughout
  }

  // A request handler, on the loop thread.
  Quote quote(std::size_t item) {
    const sync::lock_guard<sync::mutex> hold(lock_);  // waits for the whole refresh
    return table_->quote(item);
  }

 private:
  sync::mutex lock_;
  std::unique_ptr<PriceTable> table_;  // guarded by lock_
};

}  // namespace racelab::event_loop::bug
