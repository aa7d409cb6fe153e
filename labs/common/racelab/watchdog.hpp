// racelab/watchdog.hpp — notice when a program stops making progress, and say so.
//
// A deadlocked program does not crash or print anything: it just stops. ThreadSanitizer cannot
// help (it reports cycles in the lock order, never a hang that is happening), so racelab's
// programs count their progress, and a watchdog thread calls `on_stall` once the count has not
// moved for `quiet_limit`. The threads that are stuck can never be joined; what a stall handler
// can do is report and end the process (see labs/deadlock/transfer_run.hpp).
//
// The watchdog uses std types directly, never the sync layer: it is the observer, not part of
// what is observed, and must not show up in the lock tracker's tables.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <utility>

namespace racelab {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;
  using StallHandler = std::function<void(std::chrono::milliseconds quiet_for)>;

  Watchdog(const std::atomic<std::uint64_t>& progress, std::chrono::milliseconds quiet_limit,
           StallHandler on_stall)
      : progress_(progress),
        quiet_limit_(quiet_limit),
        on_stall_(std::move(on_stall)),
        thread_([this](std::stop_token stop) { watch(stop); }) {}

  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog() = default;  // the jthread asks the watch to stop, wakes it and joins it

 private:
  void watch(std::stop_token stop) {
    // Polling often enough that a stall is noticed within a twentieth of the limit.
    const auto poll =
        std::clamp(quiet_limit_ / 20, std::chrono::milliseconds(1), std::chrono::milliseconds(100));
    std::uint64_t last_seen = progress_.load(std::memory_order_relaxed);
    Clock::time_point last_change = Clock::now();
    std::mutex sleep_mutex;
    std::condition_variable_any sleep;
    std::unique_lock<std::mutex> sleeping(sleep_mutex);
    while (!sleep.wait_for(sleeping, stop, poll, [] { return false; }) && !stop.stop_requested()) {
      const std::uint64_t now_seen = progress_.load(std::memory_order_relaxed);
      const Clock::time_point now = Clock::now();
      if (now_seen != last_seen) {
        last_seen = now_seen;
        last_change = now;
      } else if (now - last_change >= quiet_limit_) {
        on_stall_(std::chrono::duration_cast<std::chrono::milliseconds>(now - last_change));
        return;
      }
    }
  }

  const std::atomic<std::uint64_t>& progress_;
  const std::chrono::milliseconds quiet_limit_;
  const StallHandler on_stall_;
  std::jthread thread_;  // last: it starts watching once everything above is initialized
};

}  // namespace racelab
