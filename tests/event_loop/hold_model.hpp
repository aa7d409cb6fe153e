// hold_model.hpp — a reader held inside a table while the writer publishes several more, as a
// Relacy test suite (the contract's C5: a table stays valid while a quote may read it).
//
// A book that frees a replaced table "late enough" by timing (a sleep, or a few refreshes later),
// or that copies the pointer under its lock and reads the table after unlocking, passes every
// check in which a reader is quick. Here the reader is not: the hook of table 1
// (PriceTable's while_quoting) keeps it inside table 1's quote() until the writer has published
// kRefreshesWhileHeld more tables. A book that frees table 1 meanwhile makes the reader read freed
// memory, which Relacy reports (ACCESS TO FREED MEMORY) in the interleaving where it happens.
//
// A lock-based book rightly makes the writer wait while the reader holds its lock, so the reader
// waits with a timeout: Relacy has no clock and explores both outcomes, the timeout before any
// further refresh and every count of refreshes up to all of them. No book can fail by the
// timeout; it only lets a lock-based book's writer go on.
//
//   writer (thread 1)   refresh 1, whose make_table() waits for the loop's tick (the progress
//                       obligation of handoff_model.hpp: a book that makes the loop wait for the
//                       refresh is a DEADLOCK here too); waits until the reader is inside table 1
//                       (or has quoted another one); then kRefreshesWhileHeld refreshes, counting
//   loop (thread 0)     runs what was posted, and quotes, during refresh 1 (so a book whose
//                       posted work waits for the refresh blocks the loop: a DEADLOCK), ticks;
//                       once refresh 1 returned, runs the posted work and quotes: inside table 1
//                       it waits (timed) for the further refreshes; its quote must be table 1's,
//                       whole. Once the writer is done, runs the posted work and quotes again:
//                       the newest table
#pragma once

#include "model_check.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>

#include <event_loop/prices.hpp>
#include <racelab/loop/cross_thread_queue.hpp>

#include "model_signal.hpp"

namespace racelab::event_loop {

// Enough further refreshes that a book keeping the last few tables ("freed 3 refreshes later")
// frees table 1 while the reader is still in it.
inline constexpr std::int64_t kRefreshesWhileHeld = 3;

// A full search does not end (the posted work, the signals and the timed wait give ~10^16
// schedules), and nor did a context-bound one for the channel book. The mistakes this model is
// for need no preemption at all (the reader blocks in the hook and the writer runs on), so a
// seeded random search (the same schedules every run) finds them in the first few hundred
// executions; 20,000 of them take well under a second per book.
inline constexpr model::RandomSearch kHoldSearch{.iterations = 20'000};

// Test machinery: a counter the writer raises after each refresh, and one wait for it to reach
// kRefreshesWhileHeld that may time out (Relacy's timed wait: the search takes the timeout, and
// the wake-up once the count is reached). One wait, not a loop: a loop of timed waits made the
// search of the channel book endless.
class RefreshCount {
 public:
  void raise() {
    lock_.lock($);
    count_($) = count_($) + 1;
    const bool reached = count_($) == kRefreshesWhileHeld;
    lock_.unlock($);
    if (reached) reached_.notify_all($);
  }
  void wait_until_reached_or_timeout() {
    lock_.lock($);
    if (count_($) < kRefreshesWhileHeld) {
      // (Relacy's wait_for with a predicate does not compile.)
      static_cast<void>(reached_.wait_for(lock_, std::chrono::seconds(1), $));
    }
    lock_.unlock($);
  }

 private:
  rl::mutex lock_;
  rl::condition_variable reached_;
  rl::var<std::int64_t> count_{0};
};

template <PriceBookLike Book>
struct HoldModel : rl::test_suite<HoldModel<Book>, 2> {
  static constexpr unsigned kLoop = 0;

  model_support::ModelWaker waker;
  loop::CrossThreadQueue<std::function<void()>, model_support::ModelWaker> posted{waker};
  Book book{[this](std::string_view /*name*/, std::function<void()> work) {
    posted.post(std::move(work));
  }};
  model_support::Signal refresh_under_way;
  model_support::Signal ticked;
  model_support::Signal first_refresh_returned;
  model_support::Signal reader_in_place;  // inside table 1, or past a quote of another table
  model_support::Signal writer_done;
  RefreshCount refreshes_while_held;

  void run_posted() {
    for (std::function<void()>& work : posted.take_all()) work();
  }

  void thread(unsigned index) {
    if (index != kLoop) {
      book.refresh([this] {
        refresh_under_way.set();
        ticked.wait();  // the progress obligation
        return std::make_unique<PriceTable>(1, [this] {
          reader_in_place.set();
          refreshes_while_held.wait_until_reached_or_timeout();
        });
      });
      first_refresh_returned.set();
      reader_in_place.wait();
      for (std::int64_t generation = 2; generation < 2 + kRefreshesWhileHeld; ++generation) {
        book.refresh([generation] { return std::make_unique<PriceTable>(generation); });
        refreshes_while_held.raise();
      }
      writer_done.set();
      return;
    }
    refresh_under_way.wait();
    run_posted();  // whatever the book posted so far: a real loop runs it as soon as it can
    RL_ASSERT(book.quote(0).consistent());  // a request in the middle of refresh 1
    ticked.set();
    first_refresh_returned.wait();
    run_posted();
    const Quote held = book.quote(1);  // held inside table 1 by its hook
    reader_in_place.set();             // (already set if it was inside table 1)
    RL_ASSERT(held.consistent());
    RL_ASSERT(held.generation == 1);  // refresh 1 returned before this quote began
    writer_done.wait();
    run_posted();
    const Quote after = book.quote(2);
    RL_ASSERT(after.consistent());
    RL_ASSERT(after.generation == 1 + kRefreshesWhileHeld);  // the newest table
  }
};

}  // namespace racelab::event_loop
