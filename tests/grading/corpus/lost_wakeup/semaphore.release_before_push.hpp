// corpus: wrong: a producer announces its job (jobs_.release) before it puts it in the ring
// fails: model
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
    }
    jobs_.release();
    {
      const sync::lock_guard<sync::mutex> hold(mutex_);
      ring_.push_back(job);
    }
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
