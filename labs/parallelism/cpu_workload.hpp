// cpu_workload.hpp — the sum of square roots (roots.hpp), run four ways on one variant's
// SumOfRoots. The work is all computing: only more cores make it faster.
//
//   serial           one thread adds every chunk
//   pool             as many workers as cores, each taking the next chunk until none is left
//   oversubscribed   the same with far more workers than cores (64): they take turns on the
//                    cores, and the switching between them is pure cost
//   global lock      the pool, but every add() runs under one process-wide lock, the way a global
//                    interpreter lock (Python's GIL) serializes threads that compute
//   ceiling          the pool with nothing shared: each worker adds its chunks into a Sum of its
//                    own (the variant's code, the same work as serial; a message-passing sum, which
//                    needs an owner thread, into a local), and these are added up after the join.
//                    Only the counter that hands out the chunks is shared (one fetch_add per chunk,
//                    as in the pool), so this is what the machine gives that many threads right
//                    now: the baseline the pool is judged against (verdict.hpp)
//
// Every mode starts with the serial part: a share of the terms (--serial-percent) that is added on
// the calling thread before any worker starts, as the part of a real job that cannot be split
// (reading the input, say). Its measured share of the serial run is Amdahl's f.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include <racelab/loop/runqueue_clock.hpp>
#include <racelab/sync.hpp>

#include "measure.hpp"
#include "roots.hpp"

namespace racelab::parallelism {

enum class CpuMode { serial, ceiling, pool, oversubscribed, global_lock };

inline constexpr std::string_view mode_name(CpuMode mode) {
  switch (mode) {
    case CpuMode::serial: return "serial";
    case CpuMode::ceiling: return "ceiling (no sharing)";
    case CpuMode::pool: return "thread pool";
    case CpuMode::oversubscribed: return "oversubscribed";
    case CpuMode::global_lock: return "global lock (GIL)";
  }
  return "?";
}

struct CpuConfig {
  std::uint64_t chunks = 128;
  std::uint64_t chunk_terms = 1'000'000;
  unsigned serial_percent = 2;  // of all terms, added before the workers start
  unsigned precision = 16;      // fraction bits of each term
  unsigned pool_threads = 2;    // the program sets it to the cores it may use
  unsigned oversubscribed_threads = 64;

  [[nodiscard]] std::uint64_t parallel_terms() const { return chunks * chunk_terms; }
  // serial / (serial + parallel) = serial_percent / 100.
  [[nodiscard]] std::uint64_t serial_terms() const {
    return parallel_terms() * serial_percent / (100 - serial_percent);
  }
  [[nodiscard]] std::uint64_t all_terms() const { return serial_terms() + parallel_terms(); }
  [[nodiscard]] Chunk serial_part() const { return {0, serial_terms()}; }
  [[nodiscard]] Chunk chunk(std::uint64_t index) const {
    return {serial_terms() + index * chunk_terms, chunk_terms};
  }
  [[nodiscard]] unsigned threads(CpuMode mode) const {
    switch (mode) {
      case CpuMode::serial: return 1;
      case CpuMode::oversubscribed: return oversubscribed_threads;
      case CpuMode::ceiling:
      case CpuMode::pool:
      case CpuMode::global_lock: break;
    }
    return pool_threads;
  }
};

// The right answer, computed in locals on one thread: what every mode's total must equal.
inline Total expected_total(const CpuConfig& config) {
  return chunk_sum({0, config.all_terms()}, config.precision);
}

struct CpuRun {
  Measurement measurement;
  Total total = 0;
  Duration serial_part{};  // the time the serial part took in this run
};

namespace detail {

// Records the calling thread's life, from construction to destruction, into `life`.
class WorkerLife {
 public:
  explicit WorkerLife(WorkerTimes& life)
      : life_(life), started_(Clock::now()), at_start_(loop::read_calling_thread_schedstat()) {}
  WorkerLife(const WorkerLife&) = delete;
  WorkerLife& operator=(const WorkerLife&) = delete;
  ~WorkerLife() {
    const std::optional<loop::SchedStat> at_end = loop::read_calling_thread_schedstat();
    life_.lived = Clock::now() - started_;
    life_.measured = at_start_.has_value() && at_end.has_value();
    if (!life_.measured) return;
    life_.on_cpu = std::chrono::duration_cast<Duration>(at_end->on_cpu - at_start_->on_cpu);
    life_.waiting = std::chrono::duration_cast<Duration>(at_end->waiting - at_start_->waiting);
  }

 private:
  WorkerTimes& life_;
  Clock::time_point started_;
  std::optional<loop::SchedStat> at_start_;
};

// The owner thread of a message-passing sum: serve() runs for the sum's whole life. Leaving the
// scope closes the sum and joins, also when a worker could not be started, so that the owner is
// never left waiting for messages that will not come.
template <class Sum>  // an OwnedSum
class OwnerThread {
 public:
  explicit OwnerThread(Sum& sum)
      : sum_(sum), thread_([&sum] {
          sync::name_this_thread("owner");  // its role in a race report
          sum.serve();
        }) {}
  ~OwnerThread() { finish(); }
  OwnerThread(const OwnerThread&) = delete;
  OwnerThread& operator=(const OwnerThread&) = delete;

  void finish() {
    if (!thread_.joinable()) return;
    sum_.close();
    thread_.join();
  }

 private:
  Sum& sum_;
  std::jthread thread_;
};

struct NoOwner {
  template <class Sum>
  explicit NoOwner(Sum& /*unused*/) {}
  void finish() {}
};

// The ceiling's worker: the chunks `next()` hands out, added where no other thread can see.
template <SumOfRootsLike Sum, class Next>
Total add_unshared(const CpuConfig& config, Next next) {
  if constexpr (OwnedSum<Sum>) {
    Total own = 0;  // what the variant's add() computes before it sends
    for (std::uint64_t index = next(); index < config.chunks; index = next()) {
      own += chunk_sum(config.chunk(index), config.precision);
    }
    return own;
  } else {
    const auto own = std::make_unique<Sum>(config.precision);  // on the heap, as run_cpu's sum
    for (std::uint64_t index = next(); index < config.chunks; index = next()) {
      own->add(config.chunk(index));
    }
    return own->total();
  }
}

}  // namespace detail

// Runs `mode` on a fresh Sum. `meanwhile(sum)` runs on the calling thread while the workers do
// (the checks use it to reconfigure the precision under their feet); the program passes nothing.
template <SumOfRootsLike Sum, class Meanwhile = void (*)(Sum&)>
CpuRun run_cpu(
    const CpuConfig& config, CpuMode mode, Meanwhile meanwhile = [](Sum&) {}) {
  const unsigned threads = config.threads(mode);
  CpuRun run;
  const Stopwatch watch;
  // Each worker's life (WorkerTimes), written by that worker alone, read after the join.
  std::vector<WorkerTimes> lives;
  {
    // On the heap, not on this thread's stack: the serial mode computes on this thread, and a
    // total that shares cache lines (or 4 KiB-aliased addresses) with its busy stack frame would
    // run the serial mode at another speed than the workers, whose stacks are elsewhere.
    const auto owned_sum = std::make_unique<Sum>(config.precision);
    Sum& sum = *owned_sum;
    std::conditional_t<OwnedSum<Sum>, detail::OwnerThread<Sum>, detail::NoOwner> owner(sum);

    const Clock::time_point serial_started = Clock::now();
    sum.add(config.serial_part());
    run.serial_part = Clock::now() - serial_started;

    // The ceiling's sums, one per worker, each written once by its own worker before the join.
    std::vector<Total> own_sums(mode == CpuMode::ceiling ? threads : 0);
    if (mode == CpuMode::serial) {
      for (std::uint64_t index = 0; index < config.chunks; ++index) sum.add(config.chunk(index));
    } else {
      sync::atomic<std::uint64_t> next_chunk{0};
      const auto next = [&] { return next_chunk.fetch_add(1, std::memory_order_relaxed); };
      sync::mutex interpreter_lock;  // used by the global-lock mode only
      std::vector<std::jthread> workers;
      workers.reserve(threads);
      lives.resize(threads);
      for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
          sync::name_this_thread("worker " + std::to_string(t + 1));
          const detail::WorkerLife life(lives[t]);
          if (mode == CpuMode::ceiling) {
            own_sums[t] = detail::add_unshared<Sum>(config, next);
            return;
          }
          for (std::uint64_t index = next(); index < config.chunks; index = next()) {
            if (mode == CpuMode::global_lock) {
              const sync::lock_guard<sync::mutex> hold(interpreter_lock);
              sum.add(config.chunk(index));
            } else {
              sum.add(config.chunk(index));
            }
          }
        });
      }
      meanwhile(sum);
    }  // the workers are joined here, before anyone reads the total

    owner.finish();  // a message-passing sum: every message is added once serve() returns
    run.total = sum.total();
    for (const Total own : own_sums) run.total += own;
  }
  run.measurement = watch.stop(mode_name(mode), threads);
  WorkerTimes& all = run.measurement.workers;
  all.measured = !lives.empty();
  for (const WorkerTimes& life : lives) {
    all.measured = all.measured && life.measured;
    all.lived += life.lived;
    all.on_cpu += life.on_cpu;
    all.waiting += life.waiting;
  }
  return run;
}

}  // namespace racelab::parallelism
