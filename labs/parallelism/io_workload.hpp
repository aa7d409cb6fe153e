// io_workload.hpp — N tasks that each wait for a slow reply (the seeds' "1000 slow third-party API
// calls"), run four ways. The work is all waiting: a thread that waits uses no CPU, so the question
// is only how many waits can be in progress at once.
//
//   serial           one task after another: N x latency. Measured on a few tasks and scaled up,
//                    since 1000 x 200 ms would take 200 s.
//   thread per task  N threads, each blocked in its own call: all N waits overlap. Costs N stacks
//                    and N thread starts, one after another: the last task starts its wait only
//                    once every thread before it has been started.
//   pool of P        P threads take tasks in turn: ceil(N / P) rounds of one latency each.
//   event loop       one thread; every wait is a timer on the loop (racelab/loop, the event_loop
//                    lab's loop): all N overlap, with no thread per task at all.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string_view>
#include <thread>
#include <vector>

#include <racelab/loop/event_loop.hpp>
#include <racelab/sync.hpp>

#include "measure.hpp"

namespace racelab::parallelism {

struct IoConfig {
  std::size_t tasks = 1000;
  Duration latency = std::chrono::milliseconds(200);
  unsigned pool_threads = 100;
  std::size_t serial_sample = 3;  // tasks the serial mode really runs before scaling up
};

// wall is the time until the last task had its reply; cpu includes tearing the threads down.
struct IoRun {
  Measurement measurement;
  std::size_t completed = 0;   // of the tasks this mode ran (the serial mode: of its sample)
  Duration threads_started{};  // thread per task: how long starting them all took
};

namespace detail {

// The blocking form of a slow call: the thread sleeps in the kernel until the reply is due.
inline void blocking_call(Duration latency) { std::this_thread::sleep_for(latency); }

// When each task had its reply. Each task writes its own slot, so the slots need no
// synchronization, and the join (or the loop's return) orders every write before they are read.
class CompletionTimes {
 public:
  explicit CompletionTimes(std::size_t tasks) : done_(tasks) {}
  void record(std::size_t task) { done_[task] = Clock::now(); }
  [[nodiscard]] std::size_t completed() const {
    return static_cast<std::size_t>(std::count_if(
        done_.begin(), done_.end(), [](auto done) { return done != Clock::time_point{}; }));
  }
  // At least one task: the program refuses --tasks 0.
  [[nodiscard]] Clock::time_point last() const {
    return *std::max_element(done_.begin(), done_.end());
  }

 private:
  std::vector<Clock::time_point> done_;
};

inline IoRun finish(const Stopwatch& watch, const CompletionTimes& times, std::string_view mode,
                    unsigned threads) {
  IoRun run{watch.stop(mode, threads), times.completed()};
  run.measurement.wall = times.last() - watch.started();
  return run;
}

inline loop::Task loop_call(loop::EventLoop& loop, Duration latency, CompletionTimes& times,
                            std::size_t task) {
  co_await loop.sleep(latency);  // the loop's form of the same call: a timer, no thread
  times.record(task);
}

}  // namespace detail

inline IoRun io_serial(const IoConfig& config) {
  const std::size_t sample = std::min(config.serial_sample, config.tasks);
  const Stopwatch watch;
  for (std::size_t task = 0; task < sample; ++task) detail::blocking_call(config.latency);
  IoRun run{watch.stop("serial", 1), sample};
  const double scale = static_cast<double>(config.tasks) / static_cast<double>(sample);
  run.measurement.wall = std::chrono::duration_cast<Duration>(run.measurement.wall * scale);
  run.measurement.cpu = std::chrono::duration_cast<Duration>(run.measurement.cpu * scale);
  run.measurement.extrapolated = true;
  return run;
}

inline IoRun io_thread_per_task(const IoConfig& config) {
  detail::CompletionTimes times(config.tasks);
  Duration started{};
  const Stopwatch watch;
  {
    std::vector<std::jthread> threads;
    threads.reserve(config.tasks);
    for (std::size_t task = 0; task < config.tasks; ++task) {
      threads.emplace_back([&times, &config, task] {
        detail::blocking_call(config.latency);
        times.record(task);
      });
    }
    started = Clock::now() - watch.started();
  }  // joins them all
  IoRun run = detail::finish(watch, times, "thread per task", static_cast<unsigned>(config.tasks));
  run.threads_started = started;
  return run;
}

inline IoRun io_pool(const IoConfig& config) {
  const auto threads =
      static_cast<unsigned>(std::min<std::size_t>(config.pool_threads, config.tasks));
  detail::CompletionTimes times(config.tasks);
  sync::atomic<std::size_t> next_task{0};
  const Stopwatch watch;
  {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (std::size_t task = next_task.fetch_add(1, std::memory_order_relaxed);
             task < config.tasks; task = next_task.fetch_add(1, std::memory_order_relaxed)) {
          detail::blocking_call(config.latency);
          times.record(task);
        }
      });
    }
  }
  return detail::finish(watch, times, "thread pool", threads);
}

inline IoRun io_event_loop(const IoConfig& config) {
  detail::CompletionTimes times(config.tasks);
  const Stopwatch watch;
  {
    loop::EventLoop loop(std::chrono::milliseconds(20));
    for (std::size_t task = 0; task < config.tasks; ++task) {
      loop.spawn(detail::loop_call(loop, config.latency, times, task), "call");
    }
    loop.run();
  }
  return detail::finish(watch, times, "event loop", 1);
}

}  // namespace racelab::parallelism
