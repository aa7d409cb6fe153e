// Exercise: look and sleep in one step, under one lock, with a condition variable
//
// Run it:    ./scripts/lab run lost_wakeup --variant mutex
// Grade it:  ./scripts/lab check lost_wakeup mutex
// Compare:   ./scripts/lab diff lost_wakeup mutex   (after you have tried)
//
// The contract (C1-C5) is in job_queue.hpp; README.md tells the story.
#pragma once

#include <cstddef>
#include <optional>
#include <thread>

#include <racelab/sync.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup::using_mutex {

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

  // TODO(mutex): the consumer looks at the queue in one critical section and sleeps in another.
  // A push that lands between the two notifies nobody, and the consumer then sleeps beside its
  // job (README.md, 'What happens'). Make the look and the sleep one step under the lock, and
  // look again after every wake-up: a wake-up may be spurious, or another consumer may have taken
  // the job first. The yield only makes the window wide; it is not the bug.
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

}  // namespace racelab::lost_wakeup::using_mutex
