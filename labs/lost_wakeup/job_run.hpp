// The job run on real threads, shared by the lab program and the functional tests.
//
// `producers` threads push numbered jobs into one queue of `capacity` slots while `consumers`
// threads pop them. Each producer pushes at least `jobs` jobs, and goes on until every producer
// has also run for `cpu_time` on a CPU; the last producer to stop closes the queue, and the
// consumers pop until pop() says it is closed and drained. At the end every job pushed must have
// been popped exactly once (C2, C3), and no push may have been refused before the close (C4).
//
// A queue that loses a wake-up never ends by itself: a consumer sleeps beside a job, the queue
// fills, and the producers wait for room. A watchdog watches the count of jobs moved; when it has
// not moved for `watchdog`, it reads what each thread was doing (in push(), in pop(), done) and,
// where the lock tracker saw it, the line it waits on, hands all of it to `on_hang`, and ends the
// process with the status `on_hang` returns. There is no returning normally: the sleeping
// threads can never be joined.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <racelab/cpu_time.hpp>
#include <racelab/start_gate.hpp>
#include <racelab/sync.hpp>
#include <racelab/sync/lock_tracking.hpp>
#include <racelab/watchdog.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup {

struct RunConfig {
  unsigned producers = 2;
  unsigned consumers = 2;
  std::size_t capacity = 2;
  std::uint64_t jobs = 10'000;  // per producer, at least
  // Per producer, at least, in CPU time: a count is a duration only on the machine it was tuned
  // on (lost_update's README tells the measurements). A lost wake-up needs a push to land in a
  // consumer's window between its look and its sleep, which a thread stopped by the scheduler
  // opens on one core as on two.
  std::chrono::milliseconds cpu_time{100};
  // A job moves in microseconds, even under ThreadSanitizer: a second without one is a hang by a
  // margin of thousands. Half a second was too short beside a CPU hog on each core and a dozen
  // other busy processes: the atomic reference, whose waiters all wake on every change, was
  // called hung in 2 runs of 20.
  std::chrono::milliseconds watchdog{1'000};
};

struct RunResult {
  std::uint64_t pushed = 0;            // pushes that returned true
  std::uint64_t popped = 0;            // jobs pop() returned
  std::uint64_t refused = 0;           // pushes that returned false before the close (C4)
  std::uint64_t missing = 0;           // jobs pushed and never popped (C2, C3)
  std::uint64_t duplicated = 0;        // pops of a job already popped, or never pushed (C2)
  std::chrono::nanoseconds elapsed{};  // from the start gate to the last consumer's end

  [[nodiscard]] bool correct() const { return refused == 0 && missing == 0 && duplicated == 0; }
  [[nodiscard]] double jobs_per_second() const {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    return seconds > 0 ? static_cast<double>(popped) / seconds : 0.0;
  }
};

// Where a thread of the run was when the watchdog looked.
enum class Phase : std::uint8_t { starting, pushing, popping, closing, done };

struct ThreadSeen {
  std::string name;  // "producer 1", "consumer 2"
  Phase phase = Phase::starting;
  // What the lock tracker saw it blocked on, when it blocks on a lock or a condition variable;
  // a wait on an atomic or a semaphore is invisible to it.
  sync::tracking::WaitKind waiting = sync::tracking::WaitKind::none;
  sync::tracking::Site waiting_at;
};

// What the watchdog saw when the jobs stopped moving.
struct Hang {
  std::chrono::milliseconds quiet_for{};
  std::chrono::nanoseconds elapsed{};
  std::uint64_t pushed = 0;  // pushes returned so far
  std::uint64_t popped = 0;  // pops returned so far
  bool closed = false;       // whether the last producer had called close()
  std::vector<ThreadSeen> threads;

  // Jobs in the queue: every push that returned put one in, every pop that returned took one.
  [[nodiscard]] std::uint64_t queued() const { return pushed - std::min(popped, pushed); }
  [[nodiscard]] bool everyone_waits() const {
    return std::none_of(threads.begin(), threads.end(), [](const ThreadSeen& thread) {
      return thread.phase == Phase::starting || thread.phase == Phase::closing;
    });
  }
};

using HangHandler = std::function<int(const Hang&)>;

namespace detail {

// A job's number says who pushed it: the producer in the high bits, its count in the low ones.
inline constexpr unsigned kCountBits = 40;
inline constexpr Job job_number(unsigned producer, std::uint64_t count) {
  return (static_cast<Job>(producer) << kCountBits) | count;
}

}  // namespace detail

template <JobQueueLike Queue>
RunResult run_jobs(const RunConfig& config, const HangHandler& on_hang) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point run_started = Clock::now();
  const unsigned threads = config.producers + config.consumers;

  Queue queue(config.capacity);
  std::atomic<std::uint64_t> progress{0};
  std::atomic<std::uint64_t> pushed{0};
  std::atomic<std::uint64_t> popped{0};
  std::atomic<bool> closed{false};
  std::vector<std::atomic<Phase>> phases(threads);
  const auto name_of = [&](unsigned thread) {
    return thread < config.producers ? "producer " + std::to_string(thread + 1)
                                     : "consumer " + std::to_string(thread - config.producers + 1);
  };

  // Declared before every thread of the run, so destroyed after they are joined.
  Watchdog watchdog(progress, config.watchdog, [&](std::chrono::milliseconds quiet_for) {
    Hang hang;
    hang.quiet_for = quiet_for;
    hang.elapsed = Clock::now() - run_started;
    hang.pushed = pushed.load();
    hang.popped = popped.load();
    hang.closed = closed.load();
    const std::vector<sync::tracking::ThreadState> tracked = sync::tracking::snapshot();
    for (unsigned t = 0; t < threads; ++t) {
      ThreadSeen seen;
      seen.name = name_of(t);
      seen.phase = phases[t].load();
      for (const sync::tracking::ThreadState& state : tracked) {
        if (state.thread != seen.name) continue;
        seen.waiting = state.waiting;
        seen.waiting_at = state.waiting_at;
      }
      hang.threads.push_back(std::move(seen));
    }
    const int status = on_hang(hang);
    std::fflush(nullptr);
    std::_Exit(status);  // no unwinding: destructors would wait for the sleeping threads forever
  });

  std::vector<std::vector<Job>> taken(config.consumers);
  std::vector<std::uint64_t> made(config.producers, 0);
  std::atomic<std::uint64_t> refused{0};
  std::atomic<unsigned> producing{config.producers};
  std::atomic<bool> ran_long_enough{false};
  StartGate start(threads);
  RunResult result;
  {
    std::vector<std::jthread> consumers;
    for (unsigned c = 0; c < config.consumers; ++c) {
      consumers.emplace_back([&, c] {
        const unsigned self = config.producers + c;
        sync::name_this_thread(name_of(self));
        std::vector<Job>& mine = taken[c];
        start.arrive_and_wait();
        for (;;) {
          phases[self].store(Phase::popping);
          const std::optional<Job> job = queue.pop();
          if (!job) break;
          mine.push_back(*job);
          popped.fetch_add(1);
          progress.fetch_add(1, std::memory_order_relaxed);
        }
        phases[self].store(Phase::done);
      });
    }
    std::vector<std::jthread> producers;
    for (unsigned p = 0; p < config.producers; ++p) {
      producers.emplace_back([&, p] {
        sync::name_this_thread(name_of(p));
        start.arrive_and_wait();
        std::uint64_t count = 0;
        while (count < config.jobs || !ran_long_enough.load(std::memory_order_relaxed)) {
          phases[p].store(Phase::pushing);
          if (queue.push(detail::job_number(p, count))) {
            ++count;
            pushed.fetch_add(1);
            progress.fetch_add(1, std::memory_order_relaxed);
          } else {
            refused.fetch_add(1);  // nobody has closed the queue yet
            break;
          }
        }
        made[p] = count;
        if (producing.fetch_sub(1) == 1) {
          phases[p].store(Phase::closing);
          queue.close();
          closed.store(true);
        }
        phases[p].store(Phase::done);
      });
    }
    // A hung run never returns from this: the watchdog ends it.
    wait_until_each_has_run(producers, config.cpu_time);
    ran_long_enough.store(true, std::memory_order_relaxed);
  }  // joins every thread
  result.elapsed = Clock::now() - start.opened_at();
  result.refused = refused.load();

  // Every job pushed, popped exactly once: each producer's jobs are numbered 0, 1, 2, ...
  std::vector<std::vector<std::uint8_t>> seen(config.producers);
  for (unsigned p = 0; p < config.producers; ++p) seen[p].assign(made[p], 0);
  for (const std::vector<Job>& mine : taken) {
    for (const Job job : mine) {
      ++result.popped;
      const auto producer = static_cast<unsigned>(job >> detail::kCountBits);
      const std::uint64_t count = job & ((Job{1} << detail::kCountBits) - 1);
      if (producer >= config.producers || count >= made[producer] || seen[producer][count] != 0) {
        ++result.duplicated;
      } else {
        seen[producer][count] = 1;
      }
    }
  }
  for (unsigned p = 0; p < config.producers; ++p) {
    result.pushed += made[p];
    result.missing += static_cast<std::uint64_t>(std::count(seen[p].begin(), seen[p].end(), 0));
  }
  return result;
}

}  // namespace racelab::lost_wakeup
