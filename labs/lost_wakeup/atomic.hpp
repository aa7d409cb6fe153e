// Exercise: C++20 atomic wait/notify in place of the condition variables (an event count).
//
// Run it:    ./scripts/lab run lost_wakeup --variant atomic
// Grade it:  ./scripts/lab check lost_wakeup atomic
// Compare:   ./scripts/lab diff lost_wakeup atomic   (after you have tried)
//
// The contract (C1-C5) is in job_queue.hpp; README.md tells the story.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <thread>

#include <racelab/sync.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup::using_atomic {

// The jobs stay under a lock; the sleeping is done on changes_, which counts every change a
// waiter may wait for (a job pushed, one popped, the close). changes_.wait(old) sleeps only while
// changes_ still equals `old`: the compare and the sleep are one indivisible step.
class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity) : ring_(capacity) { sync::name_lock(mutex_, "queue"); }

  // TODO(atomic): push and pop sleep on changes_ with the value they read *after* looking at the
  // queue. A change made between the look and that read is already in the value, so the wait
  // sleeps through it. Which value must a wait compare with, so that any change made after the
  // look wakes it? (The yield only makes the window wide; it is not the bug.)
  bool push(Job job) {
    for (;;) {
      {
        const sync::lock_guard<sync::mutex> hold(mutex_);
        if (closed_.read()) return false;
        if (!ring_.full()) {
          ring_.push_back(job);
          break;
        }
      }
      std::this_thread::yield();
      changes_.wait(changes_.load());
    }
    announce();
    return true;
  }

  std::optional<Job> pop() {
    for (;;) {
      std::optional<Job> job;
      {
        const sync::lock_guard<sync::mutex> hold(mutex_);
        if (!ring_.empty()) {
          job = ring_.pop_front();
        } else if (closed_.read()) {
          return std::nullopt;
        }
      }
      if (job) {
        announce();
        return job;
      }
      // The queue was empty. Give a producer the CPU before going to sleep: it is about to refill.
      std::this_thread::yield();
      changes_.wait(changes_.load());
    }
  }

  void close() {
    {
      const sync::lock_guard<sync::mutex> hold(mutex_);
      closed_.write(true);
    }
    announce();
  }

 private:
  // TODO(atomic): say, in a comment, why each memory order you use is enough.
  void announce() {
    changes_.fetch_add(1);
    changes_.notify_all();
  }

  sync::mutex mutex_;
  JobRing ring_;                   // guarded by mutex_
  sync::var<bool> closed_{false};  // guarded by mutex_
  sync::atomic<std::uint32_t> changes_{0};
};

}  // namespace racelab::lost_wakeup::using_atomic
