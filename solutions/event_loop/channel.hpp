// Reference fix: message passing. The loop owns the current table outright; the writer builds a
// new one on its own thread and *posts* it to the loop (EventLoop::post, through the loop's
// cross-thread queue), where a short handler installs it. Quotes read the loop's own table: no
// lock, no atomic, nothing to wait for. The loop cannot block on the writer, because nothing on
// the loop thread ever waits for the writer.
//
// This is how libuv and asyncio expect other threads to talk to a loop
// (uv_async_send, loop.call_soon_threadsafe): never touch loop state from outside; hand the loop
// a message and let the loop do it.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>

#include <racelab/sync.hpp>

#include "prices.hpp"

namespace racelab::event_loop::using_channel {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop post_to_loop)
      : post_to_loop_(std::move(post_to_loop)), table_(std::make_shared<PriceTable>(0)) {}

  // The writer's thread: build, then hand over. It touches no loop state.
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    // shared_ptr only because std::function needs a copyable callable; one owner at a time.
    std::shared_ptr<const PriceTable> fresh = make_table();
    post_to_loop_("install prices", [this, fresh = std::move(fresh)]() mutable {
      table_ = std::move(fresh);  // on the loop thread; the old table goes here
    });
  }

  // The loop thread.
  Quote quote(std::size_t item) { return table_->quote(item); }

 private:
  PostToLoop post_to_loop_;
  std::shared_ptr<const PriceTable> table_;  // loop thread only
};

}  // namespace racelab::event_loop::using_channel
