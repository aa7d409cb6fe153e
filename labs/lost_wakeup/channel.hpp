// Exercise: let a channel do the waiting (message passing)
//
// Run it:    ./scripts/lab run lost_wakeup --variant channel
// Grade it:  ./scripts/lab check lost_wakeup channel
// Compare:   ./scripts/lab diff lost_wakeup channel   (after you have tried)
//
// The contract (C1-C5) is in job_queue.hpp; README.md tells the story.
#pragma once

#include <cstddef>
#include <optional>
#include <thread>

#include <racelab/sync.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup::using_channel {

// TODO(channel): racelab already has a bounded, closable, blocking queue whose waits are right:
// sync::channel (labs/common/racelab/sync/channel.hpp, and its model checks in tests/sync). A job
// queue is exactly that. Let it do the waiting: no lock, no condition variable and no wait of
// your own are needed here. Check that its close() and receive() give C3 and C4 as they are.
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

}  // namespace racelab::lost_wakeup::using_channel
