// racelab/loop/cross_thread_queue.hpp — how other threads hand work to the event loop.
//
// The loop thread sleeps in epoll_wait. Another thread that wants something done on it (a result
// to deliver, a table to install) appends an item here and, if the queue was empty, wakes the loop
// through a Waker: an eventfd in the real loop (event_loop.hpp), a mutex-and-condition-variable
// stand-in in the model checks (tests/event_loop/queue_model_test.cpp), which check this very code.
//
// The protocol has two halves, and the order inside each is the whole correctness argument:
//
//   post(item)     lock; was_empty = queue empty; append; unlock; if (was_empty) wake
//   take_all()     clear the wake-up first; then lock, take every item, unlock
//
// Only the post that makes the queue non-empty wakes the loop (a burst of 1000 posts costs one
// eventfd write, not 1000). That is safe because the consumer clears the wake-up *before* it takes
// the items: any item it misses was appended after the take, onto an empty queue, so its poster
// wakes the loop again. Clear the wake-up after the take instead, and a post can land between the
// two: it finds the queue just emptied, wakes the loop, and the late clear swallows that wake-up;
// the item sits in the queue while the loop sleeps. The model check finds exactly that
// (tests/event_loop/queue_model_test.cpp, the SwapThenClear mutant).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include <racelab/sync.hpp>

namespace racelab::loop {

// What a Waker must offer. wake() may be called from any thread; clear() only by the consumer.
template <class W>
concept Waker = requires(W waker) {
  waker.wake();
  waker.clear();
};

template <class Item, Waker WakerType>
class CrossThreadQueue {
 public:
  explicit CrossThreadQueue(WakerType& waker) : waker_(waker) {}
  CrossThreadQueue(const CrossThreadQueue&) = delete;
  CrossThreadQueue& operator=(const CrossThreadQueue&) = delete;

  // Any thread.
  void post(Item item) {
    bool was_empty = false;
    {
      const sync::lock_guard<sync::mutex> hold(mutex_);
      const std::size_t queued = queued_.read();
      was_empty = queued == 0;
      items_.push_back(std::move(item));
      queued_.write(queued + 1);
    }
    // Outside the lock: the loop, once woken, can take the items without waiting for us.
    if (was_empty) waker_.wake();
  }

  // The consumer (the loop thread), after it was woken.
  std::vector<Item> take_all() {
    waker_.clear();
    return take_items();
  }

 protected:
  std::vector<Item> take_items() {
    std::vector<Item> taken;
    const sync::lock_guard<sync::mutex> hold(mutex_);
    taken.swap(items_);
    queued_.write(0);
    return taken;
  }
  WakerType& waker() { return waker_; }

 private:
  WakerType& waker_;
  sync::mutex mutex_;
  // Both guarded by mutex_. queued_ mirrors items_.size() as a sync::var, so that in the model
  // checks every access to the queue is an access Relacy sees (a vector's own fields are not).
  std::vector<Item> items_;
  sync::var<std::size_t> queued_{0};
};

}  // namespace racelab::loop
