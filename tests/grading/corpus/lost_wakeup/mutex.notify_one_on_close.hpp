// corpus: wrong: close() wakes one waiting consumer, not all of them
// fails: model
#pragma once

#include <cstddef>
#include <optional>

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
    // Under the lock, though after it would do as well: the consumer tests its predicate under
    // this lock, so the job is visible to it either way. Notifying under the lock keeps this
    // queue alive for the notify, should a consumer destroy it as soon as it wakes.
    not_empty_.notify_one();
    return true;
  }

  std::optional<Job> pop() {
    sync::unique_lock<sync::mutex> lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_.read() || !ring_.empty(); });
    if (ring_.empty()) return std::nullopt;  // closed and drained (C3)
    const Job job = ring_.pop_front();
    not_full_.notify_one();
    return job;
  }

  // notify_all: every waiter must see the shutdown, not one of them (C4).
  void close() {
    const sync::lock_guard<sync::mutex> hold(mutex_);
    closed_.write(true);
    not_empty_.notify_one();
    not_full_.notify_one();
  }

 private:
  sync::mutex mutex_;
  sync::condition_variable not_empty_;
  sync::condition_variable not_full_;
  JobRing ring_;                   // guarded by mutex_
  sync::var<bool> closed_{false};  // guarded by mutex_
};

}  // namespace racelab::lost_wakeup::using_mutex
