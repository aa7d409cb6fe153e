// Exercise: two counting semaphores, which remember a release that nobody waited for.
//
// Run it:    ./scripts/lab run lost_wakeup --variant semaphore
// Grade it:  ./scripts/lab check lost_wakeup semaphore
// Compare:   ./scripts/lab diff lost_wakeup semaphore   (after you have tried)
//
// The contract (C1-C5) is in job_queue.hpp; README.md tells the story.
#pragma once

#include <cstddef>
#include <optional>

#include <racelab/sync.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup::using_semaphore {

// free_slots_ counts the free slots and jobs_ the jobs: acquire() is the check and the sleep in
// one, and a release() made before anyone waits is kept in the count, not lost. The lock only
// keeps two threads out of the ring at once.
class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity)
      : ring_(capacity), free_slots_(static_cast<std::ptrdiff_t>(ring_.capacity())) {
    sync::name_lock(mutex_, "queue");
  }

  bool push(Job job) {
    free_slots_.acquire();
    {
      const sync::lock_guard<sync::mutex> hold(mutex_);
      if (closed_.read()) return false;
      ring_.push_back(job);
    }
    jobs_.release();
    return true;
  }

  // TODO(semaphore): close() releases jobs_ once, to wake a consumer that waits for a job that
  // will never come. That consumer returns; every other one waiting, or arriving later, still
  // sleeps in acquire(). How can one release wake every consumer in turn (C4)? A producer
  // waiting for a slot at close() needs the same, on free_slots_.
  std::optional<Job> pop() {
    jobs_.acquire();
    Job job = 0;
    {
      const sync::lock_guard<sync::mutex> hold(mutex_);
      if (ring_.empty()) return std::nullopt;  // closed and drained
      job = ring_.pop_front();
    }
    free_slots_.release();
    return job;
  }

  void close() {
    {
      const sync::lock_guard<sync::mutex> hold(mutex_);
      closed_.write(true);
    }
    jobs_.release();
  }

 private:
  sync::mutex mutex_;
  JobRing ring_;                   // guarded by mutex_
  sync::var<bool> closed_{false};  // guarded by mutex_
  sync::counting_semaphore<> free_slots_;
  sync::counting_semaphore<> jobs_{0};
};

}  // namespace racelab::lost_wakeup::using_semaphore
