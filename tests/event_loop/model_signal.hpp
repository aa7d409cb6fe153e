// model_signal.hpp — test machinery for the event-loop models, written on the sync layer so that
// Relacy explores it like the code under test.
#pragma once

#include "model_check.hpp"

namespace racelab::event_loop::model_support {

// A one-shot event: set() once, wait() until it is set. A wait that nobody ends is a DEADLOCK in
// the model, which is how the models turn "the loop never gets to run" into a verdict.
class Signal {
 public:
  void set() {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    set_.write(true);
    changed_.notify_all();
  }
  void wait() {
    sync::unique_lock<sync::mutex> hold(mutex_);
    changed_.wait(hold, [&] { return set_.read(); });
  }

 private:
  sync::mutex mutex_;
  sync::condition_variable changed_;
  sync::var<bool> set_{false};
};

// The eventfd's stand-in: a counter that wake() raises and clear() resets; wait() blocks while it
// is zero, as epoll_wait blocks while the eventfd is not readable.
class ModelWaker {
 public:
  void wake() {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    count_.write(count_.read() + 1);
    changed_.notify_all();
  }
  void clear() {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    count_.write(0);
  }
  void wait() {
    sync::unique_lock<sync::mutex> hold(mutex_);
    changed_.wait(hold, [&] { return count_.read() > 0; });
  }

 private:
  sync::mutex mutex_;
  sync::condition_variable changed_;
  sync::var<unsigned> count_{0};
};

}  // namespace racelab::event_loop::model_support
