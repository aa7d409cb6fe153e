// corpus: valid: the event count read before the look, every order relaxed
// fails: none
// (The lock orders the queue; coherence orders the count.)
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>

#include <racelab/sync.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup::using_atomic {

class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity) : ring_(capacity) { sync::name_lock(mutex_, "queue"); }

  bool push(Job job) {
    for (;;) {
      // acquire: pairs with announce()'s release, although the lock below orders the queue's
      // state already; it keeps this read from being reordered after the look.
      const std::uint32_t seen = changes_.load(std::memory_order_relaxed);
      {
        const sync::lock_guard<sync::mutex> hold(mutex_);
        if (closed_.read()) return false;
        if (!ring_.full()) {
          ring_.push_back(job);
          break;
        }
      }
      changes_.wait(seen, std::memory_order_relaxed);
    }
    announce();
    return true;
  }

  std::optional<Job> pop() {
    for (;;) {
      const std::uint32_t seen = changes_.load(std::memory_order_relaxed);
      std::optional<Job> job;
      {
        const sync::lock_guard<sync::mutex> hold(mutex_);
        if (!ring_.empty()) {
          job = ring_.pop_front();
        } else if (closed_.read()) {
          return std::nullopt;  // closed and drained (C3)
        }
      }
      if (job) {
        announce();  // room was made
        return job;
      }
      changes_.wait(seen, std::memory_order_relaxed);
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
  // After the change, outside the lock: a waiter that wakes finds the change already made.
  // release: a waiter whose acquire load reads the new count sees the change made before it.
  void announce() {
    changes_.fetch_add(1, std::memory_order_relaxed);
    changes_.notify_all();
  }

  sync::mutex mutex_;
  JobRing ring_;                   // guarded by mutex_
  sync::var<bool> closed_{false};  // guarded by mutex_
  // 32 bits: the width Linux's futex waits on directly. It may wrap: a waiter only compares it
  // with the value it read, and 2^32 changes between its read and its wait are impossible here.
  sync::atomic<std::uint32_t> changes_{0};
};

}  // namespace racelab::lost_wakeup::using_atomic
