// The event loop's queue of posted work, as the checks and the benchmark stand in for it: a
// book's PostToLoop appends, and the thread that plays the loop runs what was posted, in order,
// when it calls run(). Any thread may post; one thread runs. run() costs one load when nothing is
// posted, so a book that never posts pays next to nothing for it.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include <event_loop/prices.hpp>

namespace racelab::event_loop {

class PostedWork {
 public:
  PostToLoop poster() {
    return [this](std::string_view /*name*/, std::function<void()> work) {
      const std::lock_guard<std::mutex> hold(mutex_);
      queue_.push_back(std::move(work));
      pending_.store(true, std::memory_order_release);
    };
  }

  void run() {
    if (!pending_.load(std::memory_order_acquire)) return;
    std::vector<std::function<void()>> batch;
    {
      const std::lock_guard<std::mutex> hold(mutex_);
      batch.swap(queue_);
      pending_.store(false, std::memory_order_relaxed);
    }
    for (auto& work : batch) work();
  }

 private:
  std::mutex mutex_;
  std::vector<std::function<void()>> queue_;  // guarded by mutex_
  std::atomic<bool> pending_{false};
};

}  // namespace racelab::event_loop
