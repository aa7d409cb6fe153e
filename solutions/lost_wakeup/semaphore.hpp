// Reference: two counting semaphores, one counting the jobs and one the free slots.
//
// A semaphore remembers: a release with nobody waiting stays in its count, and the next acquire
// takes it. That is exactly what a condition variable's notify does not do (a notify with nobody
// waiting is gone), so there is no window between "is there a job?" and "sleep" to lose one in:
// the acquire *is* the check and the sleep. The lock only keeps two threads out of the ring at
// once; nobody ever waits while holding it.
//
// The shutdown is a token: close() releases each semaphore once more. Whoever acquires the token
// finds the queue closed (and, for a consumer, empty), releases it again for the next waiter, and
// returns: one release wakes every waiter in turn (C4), and jobs pushed before close() are still
// popped first, each with its own unit (C3).
#pragma once

#include <cstddef>
#include <optional>

#include <racelab/sync.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup::using_semaphore {

class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity)
      : ring_(capacity), free_slots_(static_cast<std::ptrdiff_t>(ring_.capacity())) {
    sync::name_lock(mutex_, "queue");
  }

  bool push(Job job) {
    free_slots_.acquire();  // a free slot, or the shutdown token
    {
      const sync::lock_guard<sync::mutex> hold(mutex_);
      if (closed_.read()) {
        free_slots_.release();  // the token, or a slot nobody will use: for the next producer
        return false;
      }
      ring_.push_back(job);
    }
    jobs_.release();
    return true;
  }

  std::optional<Job> pop() {
    jobs_.acquire();  // a job, or the shutdown token
    Job job = 0;
    {
      const sync::lock_guard<sync::mutex> hold(mutex_);
      if (ring_.empty()) {
        // Only the token leaves the ring empty under a unit: the queue is closed and drained.
        jobs_.release();
        return std::nullopt;
      }
      job = ring_.pop_front();
    }
    free_slots_.release();
    return job;
  }

  void close() {
    {
      const sync::lock_guard<sync::mutex> hold(mutex_);
      if (closed_.read()) return;  // one token per semaphore, however often close() is called
      closed_.write(true);
    }
    jobs_.release();
    free_slots_.release();
  }

 private:
  sync::mutex mutex_;
  JobRing ring_;                   // guarded by mutex_
  sync::var<bool> closed_{false};  // guarded by mutex_
  sync::counting_semaphore<> free_slots_;
  sync::counting_semaphore<> jobs_{0};
};

}  // namespace racelab::lost_wakeup::using_semaphore
