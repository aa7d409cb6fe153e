// measure.hpp — what the lab measures, and how: wall time, CPU time, the cores a run may use, and
// Amdahl's law to compare against.
#pragma once

#include <sched.h>
#include <time.h>

#include <cerrno>
#include <chrono>
#include <string_view>
#include <system_error>

namespace racelab::parallelism {

using Clock = std::chrono::steady_clock;
using Duration = Clock::duration;

// Where a mode's worker threads spent their lives, summed over them (schedstat, read by each
// worker at its start and end): on a CPU, waiting for one (runnable, while the machine ran
// something else), and the rest, blocked: on a lock, a channel, each other. Workers that take
// turns block for most of their lives on any machine, busy or idle, one core or two; workers that
// compute at once hardly block at all. Zero (measured false) where the kernel does not say.
struct WorkerTimes {
  bool measured = false;
  Duration lived{};
  Duration on_cpu{};
  Duration waiting{};

  [[nodiscard]] Duration blocked() const { return lived - on_cpu - waiting; }
  [[nodiscard]] double share(Duration part) const {
    return lived > Duration{}
               ? std::chrono::duration<double>(part) / std::chrono::duration<double>(lived)
               : 0.0;
  }
};

// One run of one mode of a workload.
struct Measurement {
  std::string_view mode;
  unsigned threads = 1;
  Duration wall{};
  // CPU time of the whole process during the run: every thread's, summed. Waiting costs none;
  // computing on two cores for one second costs two.
  Duration cpu{};
  // Run on a sample and scaled up (the serial I/O run: 1000 x 200 ms would take 200 s).
  bool extrapolated = false;
  WorkerTimes workers;  // the CPU modes that have worker threads
};

inline Duration process_cpu_time() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return std::chrono::duration_cast<Duration>(std::chrono::seconds(now.tv_sec) +
                                              std::chrono::nanoseconds(now.tv_nsec));
}

class Stopwatch {
 public:
  Stopwatch() : wall_started_(Clock::now()), cpu_started_(process_cpu_time()) {}

  [[nodiscard]] Measurement stop(std::string_view mode, unsigned threads) const {
    return {.mode = mode,
            .threads = threads,
            .wall = Clock::now() - wall_started_,
            .cpu = process_cpu_time() - cpu_started_,
            .workers = {}};
  }

  [[nodiscard]] Clock::time_point started() const { return wall_started_; }

 private:
  Clock::time_point wall_started_;
  Duration cpu_started_;
};

// Amdahl's law: if a fraction `serial_fraction` of the work cannot be split, `cores` cores speed
// the whole up by at most 1 / (f + (1 - f) / n), however many threads share them.
inline double amdahl_speedup(double serial_fraction, unsigned cores) {
  return 1.0 / (serial_fraction + (1.0 - serial_fraction) / static_cast<double>(cores));
}

// The CPUs the calling thread may run on.
inline unsigned usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return static_cast<unsigned>(CPU_COUNT(&set));
}

// Restricts the calling thread, and every thread it starts from now on, to the first `cores` of
// the CPUs it may use now; the destructor gives the calling thread its old set back. This is how
// a machine with several cores shows what one core does: threads, and no parallelism.
class CoreLimit {
 public:
  explicit CoreLimit(unsigned cores) {
    CPU_ZERO(&previous_);
    if (::sched_getaffinity(0, sizeof previous_, &previous_) != 0) fail("sched_getaffinity");
    cpu_set_t fewer;
    CPU_ZERO(&fewer);
    unsigned kept = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE && kept < cores; ++cpu) {
      if (CPU_ISSET(cpu, &previous_)) {
        CPU_SET(cpu, &fewer);
        ++kept;
      }
    }
    if (::sched_setaffinity(0, sizeof fewer, &fewer) != 0) fail("sched_setaffinity");
  }
  ~CoreLimit() { ::sched_setaffinity(0, sizeof previous_, &previous_); }
  CoreLimit(const CoreLimit&) = delete;
  CoreLimit& operator=(const CoreLimit&) = delete;

 private:
  [[noreturn]] static void fail(const char* call) {
    throw std::system_error(errno, std::generic_category(), call);
  }

  cpu_set_t previous_;
};

}  // namespace racelab::parallelism
