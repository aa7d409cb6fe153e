// handoff_model.hpp — the hand-off between the event loop and the background writer, as a Relacy
// test suite.
//
// "The loop was blocked for 300 ms" is a fact about time, and a model checker has no clock. So
// the model states what a blocked loop *costs* as a progress obligation instead: the writer cannot
// finish its refresh until the loop has handled one more tick (in the program, the heartbeat keeps
// ticking during a refresh; here the refresh waits for proof that it did). A book that makes the
// loop wait for the refresh then waits for a writer that waits for the loop: a DEADLOCK, found
// in every interleaving where the request arrives during the refresh. A book that never makes
// the loop wait passes.
//
//   writer (thread 1)   book.refresh(make_table), where make_table() announces that the refresh
//                       is under way, then waits for the loop's next tick, then builds table 1
//   loop (thread 0)     waits until the refresh is under way (a request arrives in the middle of
//                       it); handles the request: book.quote(); ticks; handles another request,
//                       which races with the publication of table 1; waits until refresh()
//                       returned; runs what the writer posted to the loop, as the real loop would
//                       on its eventfd; quotes again, and must now see table 1
//
// The posted work goes through the real CrossThreadQueue; its wake-up protocol has its own model
// (queue_model_test.cpp), so here the loop drains the queue once it knows the writer is done.
#pragma once

#include "model_check.hpp"

#include <functional>
#include <memory>
#include <string_view>
#include <utility>

#include <event_loop/prices.hpp>
#include <racelab/loop/cross_thread_queue.hpp>

#include "model_signal.hpp"

namespace racelab::event_loop {

template <PriceBookLike Book>
struct HandoffModel : rl::test_suite<HandoffModel<Book>, 2> {
  static constexpr unsigned kLoop = 0;

  model_support::ModelWaker waker;
  loop::CrossThreadQueue<std::function<void()>, model_support::ModelWaker> posted{waker};
  Book book{[this](std::string_view /*name*/, std::function<void()> work) {
    posted.post(std::move(work));
  }};
  model_support::Signal refresh_under_way;
  model_support::Signal ticked;
  model_support::Signal refresh_returned;

  void thread(unsigned index) {
    if (index != kLoop) {
      book.refresh([this] {
        refresh_under_way.set();
        ticked.wait();  // the progress obligation
        return std::make_unique<PriceTable>(1);
      });
      refresh_returned.set();
      return;
    }
    refresh_under_way.wait();
    const Quote during = book.quote(0);  // the request handler, in the middle of the refresh
    RL_ASSERT(during.consistent());
    ticked.set();  // the heartbeat's tick
    // Another request, racing with the publication: the old table or the new one, but whole.
    // (Nothing orders this read after the writer's; for the atomic book, only the memory orders
    // of the pointer's store and load make the new table's contents visible here.)
    RL_ASSERT(book.quote(2).consistent());
    refresh_returned.wait();
    for (std::function<void()>& work : posted.take_all()) work();
    const Quote after = book.quote(1);
    RL_ASSERT(after.consistent());
    RL_ASSERT(after.generation == 1);  // the refresh was published, and the loop sees it
  }
};

}  // namespace racelab::event_loop
