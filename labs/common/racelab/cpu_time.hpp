// CPU time per thread: how long a thread has actually run, which sizes an experiment on any
// machine. A thread is stopped about once per time slice it runs, and a race shows when a thread
// is stopped inside its window; a count of operations or a wall-clock duration gives a busy
// machine fewer such stops (lost_update's deposit_run.hpp and its README tell the measurements).
#pragma once

#include <pthread.h>
#include <time.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace racelab {

// The CPU clock of a running thread, which another thread may read (POSIX per-thread clocks).
inline clockid_t cpu_clock_of(std::jthread& thread) {
  clockid_t clock{};
  if (const int error = pthread_getcpuclockid(thread.native_handle(), &clock)) {
    throw std::system_error(error, std::generic_category(), "pthread_getcpuclockid");
  }
  return clock;
}

inline std::chrono::nanoseconds read_clock(clockid_t clock) {
  timespec now{};
  if (clock_gettime(clock, &now) != 0) {
    throw std::system_error(errno, std::generic_category(), "clock_gettime");
  }
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

// Returns once every thread has run for `cpu_time` since this call. It looks every millisecond:
// a clock read per thread, nothing the threads wait for.
inline void wait_until_each_has_run(std::vector<std::jthread>& threads,
                                    std::chrono::nanoseconds cpu_time) {
  std::vector<clockid_t> clocks;
  std::vector<std::chrono::nanoseconds> done_at;
  for (std::jthread& thread : threads) {
    clocks.push_back(cpu_clock_of(thread));
    done_at.push_back(read_clock(clocks.back()) + cpu_time);
  }
  for (std::size_t next = 0; next < clocks.size();) {
    if (read_clock(clocks[next]) >= done_at[next]) {
      ++next;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
}

}  // namespace racelab
