// racelab/watchdog.hpp — notice when a program stops making progress, and say so.
//
// A deadlocked program does not crash or print anything: it just stops. ThreadSanitizer cannot
// help (it reports cycles in the lock order, never a hang that is happening), so racelab's
// programs count their progress, and a watchdog thread calls `on_stall` once the count has not
// moved for `quiet_limit`. The threads that are stuck can never be joined; what a stall handler
// can do is report and end the process (see labs/deadlock/transfer_run.hpp).
//
// Its patience is counted in time the program could have run: a stretch in which one of its
// threads was ready to run but waited for a CPU (a machine with a compiler and a browser on every
// core) does not count as quiet, since the thread that would have made progress may be that one.
// A deadlocked thread is blocked, on no run queue, so a real hang is seen as soon as on an idle
// machine, and a starved run is not called one. (Counting wall time, a patience of 0.5 s called
// the deadlock lab's mutex reference hung in 1 of 10 runs beside 60 CPU hogs on 2 cores, and in 3
// of 5 on a machine busy with compilers; counting this way, in 0 of 10 beside the hogs.)
//
// The watchdog uses std types directly, never the sync layer: it is the observer, not part of
// what is observed, and must not show up in the lock tracker's tables.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include <racelab/loop/runqueue_clock.hpp>

namespace racelab {

// The longest time any thread of this process but the caller, still ready to run, waited for a
// CPU since the last call: each thread's runqueue wait from /proc/self/task/TID/schedstat
// (loop/runqueue_clock.hpp says what it counts). Zero where the kernel does not publish it.
class StarvationMeter {
 public:
  StarvationMeter() : self_(::gettid()) { longest_wait_since_last(); }

  std::chrono::nanoseconds longest_wait_since_last() {
    std::chrono::nanoseconds longest{};
    std::map<pid_t, std::chrono::nanoseconds> now;
    std::error_code error;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
      const std::string name = task.path().filename().string();
      pid_t thread = 0;
      if (std::from_chars(name.data(), name.data() + name.size(), thread).ec != std::errc{} ||
          thread == self_)
        continue;
      const std::optional<std::chrono::nanoseconds> waited = waited_by(task.path());
      if (!waited) continue;  // the thread has just ended
      now[thread] = *waited;
      // Only a thread still ready to run is starved now. The kernel has, rarely, booked most of
      // a sleep as a wait at the wake-up (tests/loop_test.cpp); a sleeper is not counted.
      if (const auto before = waited_.find(thread);
          before != waited_.end() && ready_to_run(task.path()))
        longest = std::max(longest, *waited - before->second);
    }
    waited_ = std::move(now);
    return longest;
  }

 private:
  static std::optional<std::chrono::nanoseconds> waited_by(const std::filesystem::path& task) {
    const int fd = ::open((task / "schedstat").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    const std::optional<loop::SchedStat> stat = loop::read_schedstat(fd);
    ::close(fd);
    if (!stat) return std::nullopt;
    return stat->waiting;
  }

  // The state letter of /proc/self/task/TID/stat, after the name in parentheses (which may hold
  // any character): R, running or on a run queue.
  static bool ready_to_run(const std::filesystem::path& task) {
    const int fd = ::open((task / "stat").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    std::array<char, 512> text{};
    const ssize_t length = ::read(fd, text.data(), text.size() - 1);
    ::close(fd);
    if (length <= 0) return false;
    const std::string_view stat(text.data(), static_cast<std::size_t>(length));
    const std::size_t name_end = stat.rfind(')');
    return name_end != std::string_view::npos && name_end + 2 < stat.size() &&
           stat[name_end + 2] == 'R';
  }

  pid_t self_;
  std::map<pid_t, std::chrono::nanoseconds> waited_;  // each thread's wait at the last call
};

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;
  using StallHandler = std::function<void(std::chrono::milliseconds quiet_for)>;
  // The longest wait for a CPU of a watched thread since the last call; StarvationMeter's, on
  // the watchdog's own thread, unless a test gives its own.
  using StarvationSource = std::function<std::chrono::nanoseconds()>;

  Watchdog(const std::atomic<std::uint64_t>& progress, std::chrono::milliseconds quiet_limit,
           StallHandler on_stall, StarvationSource starvation = {})
      : progress_(progress),
        quiet_limit_(quiet_limit),
        on_stall_(std::move(on_stall)),
        starvation_(std::move(starvation)),
        thread_([this](std::stop_token stop) { watch(stop); }) {}

  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog() = default;  // the jthread asks the watch to stop, wakes it and joins it

 private:
  void watch(std::stop_token stop) {
    // Polling often enough that a stall is noticed within a twentieth of the limit.
    const auto poll =
        std::clamp(quiet_limit_ / 20, std::chrono::milliseconds(1), std::chrono::milliseconds(100));
    StarvationSource starved_since_last = starvation_;
    if (!starved_since_last) {
      starved_since_last = [meter = std::make_shared<StarvationMeter>()] {
        return meter->longest_wait_since_last();
      };
    }
    std::uint64_t last_seen = progress_.load(std::memory_order_relaxed);
    Clock::time_point last_change = Clock::now();
    Clock::time_point last_poll = last_change;
    Clock::duration quiet{};  // since the last change, less the time a thread waited for a CPU
    std::mutex sleep_mutex;
    std::condition_variable_any sleep;
    std::unique_lock<std::mutex> sleeping(sleep_mutex);
    while (!sleep.wait_for(sleeping, stop, poll, [] { return false; }) && !stop.stop_requested()) {
      const std::uint64_t now_seen = progress_.load(std::memory_order_relaxed);
      const Clock::time_point now = Clock::now();
      const Clock::duration starved = starved_since_last();
      if (now_seen != last_seen) {
        last_seen = now_seen;
        last_change = now;
        quiet = {};
      } else {
        quiet += std::max(Clock::duration{}, (now - last_poll) - starved);
        if (quiet >= quiet_limit_) {
          on_stall_(std::chrono::duration_cast<std::chrono::milliseconds>(now - last_change));
          return;
        }
      }
      last_poll = now;
    }
  }

  const std::atomic<std::uint64_t>& progress_;
  const std::chrono::milliseconds quiet_limit_;
  const StallHandler on_stall_;
  const StarvationSource starvation_;
  std::jthread thread_;  // last: it starts watching once everything above is initialized
};

}  // namespace racelab
