// The parallelism lab's figures as a Google Benchmark: every mode of both workloads at the
// program's default size, run several times. A measurement, not a test: figures_test.cpp and
// functional_test.cpp hold the same figures to generous bounds; this reports them, spread
// included.
//
//   build/dev/tests/parallelism/parallelism_modes_benchmark
//
// CPU modes run on the mutex reference (and the shipped bug, for its pool). Time is each run's
// wall time; "speedup" is the serial run's average time over this mode's, the figure the README
// quotes (the pool: at least 1.7x on 2 cores; the global lock: under 1.15x). I/O modes report
// "wall_over_latency", the run over one task's wait (thread per task and event loop: at most
// 1.25).
#include <benchmark/benchmark.h>

#include <chrono>

#include <parallelism/bug.hpp>
#include <parallelism/cpu_workload.hpp>
#include <parallelism/io_workload.hpp>
#include <parallelism/mutex.hpp>

namespace racelab::parallelism {
namespace {

double seconds(Duration duration) { return std::chrono::duration<double>(duration).count(); }

// The serial run's average, measured first, so that every later mode can report a speedup.
double serial_seconds = 0;

template <SumOfRootsLike Sum, CpuMode Mode>
void cpu(benchmark::State& state) {
  const CpuConfig config;  // 128 chunks of 1,000,000 terms, 2% serial, a pool of 2
  double total = 0;
  for (auto _ : state) {
    const CpuRun run = run_cpu<Sum>(config, Mode);
    state.SetIterationTime(seconds(run.measurement.wall));
    total += seconds(run.measurement.wall);
  }
  const double average = total / static_cast<double>(state.iterations());
  if (Mode == CpuMode::serial) serial_seconds = average;
  state.counters["speedup"] = serial_seconds / average;
}

template <IoRun (*Run)(const IoConfig&)>
void io(benchmark::State& state) {
  const IoConfig config;  // 1000 tasks x 200 ms
  double over_latency = 0;
  for (auto _ : state) {
    const IoRun run = Run(config);
    state.SetIterationTime(seconds(run.measurement.wall));
    over_latency += seconds(run.measurement.wall) / seconds(config.latency);
  }
  state.counters["wall_over_latency"] = over_latency / static_cast<double>(state.iterations());
}

constexpr int kRuns = 5;
using Reference = using_mutex::SumOfRoots;

BENCHMARK(cpu<Reference, CpuMode::serial>)
    ->Name("cpu/serial")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(cpu<Reference, CpuMode::pool>)
    ->Name("cpu/pool")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(cpu<Reference, CpuMode::oversubscribed>)
    ->Name("cpu/oversubscribed")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(cpu<Reference, CpuMode::global_lock>)
    ->Name("cpu/global_lock")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(cpu<bug::SumOfRoots, CpuMode::serial>)
    ->Name("cpu/bug/serial")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(cpu<bug::SumOfRoots, CpuMode::pool>)
    ->Name("cpu/bug/pool")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(io<&io_thread_per_task>)
    ->Name("io/thread_per_task")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(io<&io_event_loop>)
    ->Name("io/event_loop")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace racelab::parallelism

BENCHMARK_MAIN();
