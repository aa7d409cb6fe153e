// The shipped bug: a consumer checks for work, and then, in a second step, goes to sleep.
//
// pop() looks at the queue under the lock, finds it empty, lets go of the lock, and only then
// takes it again to wait on not_empty_. A producer that pushes in between notifies nobody (no one
// waits yet), and the consumer then sleeps beside the job it was woken for. When every consumer
// sleeps so, the queue fills, the producers wait for room, and nobody is left to notify anyone:
// the program just stops. See README.md.
#pragma once

#include <cstddef>
#include <optional>
#include <thread>

#include <racelab/sync.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup::bug {

class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity) : ring_(capacity) { sync::name_lock(mutex_, "queue"); }

  bool push(Job job) {
    sync::unique_lock<sync::mutex> lock(mutex_);
    not_full_.wait(lock, [&] { return closed_.read() || !ring_.full(); });
    if (closed_.read()) return false;
    ring_.push_back(job);
    not_empty_.notify_one();
    return true;
  }

  std::optional<Job> pop() {
    for (;;) {
      {
        const sync::lock_guard<sync::mutex> hold(mutex_);
        if (!ring_.empty()) {
          const Job job = ring_.pop_front();
          not_full_.notify_one();
          return job;
        }
        if (closed_.read()) return std::nullopt;
      }
      // The queue was empty. Give a producer the CPU before going to sleep: it is about to refill.
      std::this_thread::yield();
      sync::unique_lock<sync::mutex> lock(mutex_);
      not_empty_.wait(lock);
    }
  }

  void close() {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    closed_.write(true);
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  sync::mutex mutex_;
  sync::condition_variable not_empty_;
  sync::condition_variable not_full_;
  JobRing ring_;                   // guarded by mutex_
  sync::var<bool> closed_{false};  // guarded by mutex_
};

}  // namespace racelab::lost_wakeup::bug
