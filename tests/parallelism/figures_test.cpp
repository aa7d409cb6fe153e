// The lab's figures (README.md), measured by the program's own workloads on the mutex reference:
// the claims about modes rather than about one variant's merge. Bounds and margins: timing.hpp.
//
//   I/O:  one thread per task and one event loop finish 1000 x 200 ms in about one latency; a
//         pool of P threads needs one latency per round of P; the serial figure is N x latency.
//   CPU:  the global-lock mode gains nothing; 64 threads on 2 cores are no faster than 2;
//         on one core (CoreLimit, the program's --cores 1) the pool gains nothing either, while
//         I/O waits still overlap.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>

#include <parallelism/cpu_workload.hpp>
#include <parallelism/io_workload.hpp>
#include <parallelism/measure.hpp>
#include <parallelism/mutex.hpp>

#include "timing.hpp"

namespace racelab::parallelism {
namespace {

using Sum = using_mutex::SumOfRoots;

double over_latency(const IoRun& run, const IoConfig& config) {
  return seconds(run.measurement.wall) / seconds(config.latency);
}

CpuConfig cpu_workload() {
  CpuConfig config;
  config.chunks = 64;
  config.chunk_terms = 1'000'000;
  config.pool_threads = 2;
  return config;
}

TEST(figures, IoThreadPerTaskAndEventLoopOverlapEveryWait) {
  const IoConfig config;  // the program's defaults: 1000 tasks x 200 ms
  // Starting 1000 threads takes about 30 ms here (measured 1.16x to 1.23x in all), so a busy
  // moment can push one run past 1.25x: the best of a few runs is the figure.
  double threads_best = 0;
  for (int attempt = 0; attempt < margins::kTimingAttempts; ++attempt) {
    const IoRun threads = io_thread_per_task(config);
    EXPECT_EQ(threads.completed, config.tasks);
    const double ratio = over_latency(threads, config);
    threads_best = attempt == 0 ? ratio : std::min(threads_best, ratio);
  }
  EXPECT_LE(threads_best, margins::kIoWallOverLatency);
  const IoRun loop = io_event_loop(config);
  EXPECT_EQ(loop.completed, config.tasks);
  EXPECT_LE(over_latency(loop, config), margins::kIoWallOverLatency);
}

TEST(figures, IoPoolNeedsOneLatencyPerRound) {
  IoConfig config;
  config.tasks = 100;
  config.pool_threads = 10;
  config.latency = std::chrono::milliseconds(50);
  const IoRun pool = io_pool(config);
  EXPECT_EQ(pool.completed, config.tasks);
  constexpr double kRounds = 10;  // 100 tasks / 10 threads
  EXPECT_GE(over_latency(pool, config), kRounds);
  EXPECT_LE(over_latency(pool, config), kRounds * margins::kIoWallOverLatency);
}

TEST(figures, IoSerialEstimateIsTasksTimesLatency) {
  IoConfig config;
  config.latency = std::chrono::milliseconds(50);
  const IoRun serial = io_serial(config);
  EXPECT_TRUE(serial.measurement.extrapolated);
  EXPECT_EQ(serial.completed, config.serial_sample);
  const double tasks = static_cast<double>(config.tasks);
  EXPECT_GE(over_latency(serial, config), tasks);
  EXPECT_LE(over_latency(serial, config), tasks * margins::kIoWallOverLatency);
}

TEST(figures, CpuGlobalLockModeGainsNothing) {
  if (usable_cores() < 2) GTEST_SKIP() << "one core: there is no parallelism to lose";
  const auto gains_nothing = [](const auto& best) {
    return speedup(best[0], best[1]) < margins::kGlobalLockSpeedupBelow;
  };
  const auto fastest = fastest_until<Sum>(
      cpu_workload(), std::array{CpuMode::serial, CpuMode::global_lock}, gains_nothing);
  ASSERT_TRUE(fastest.has_value());
  EXPECT_TRUE(gains_nothing(*fastest)) << speedup((*fastest)[0], (*fastest)[1]) << "x";
}

TEST(figures, CpuOversubscribedIsNoFasterThanThePool) {
  CpuConfig config = cpu_workload();
  config.chunks = 256;  // enough chunks that each of the 64 threads gets several
  config.chunk_terms = 250'000;
  const auto no_faster = [](const auto& best) {
    return seconds(best[1]) * margins::kOversubscribedMayBeFasterBy >= seconds(best[0]);
  };
  const auto fastest = fastest_until<Sum>(
      config, std::array{CpuMode::pool, CpuMode::oversubscribed}, no_faster);
  ASSERT_TRUE(fastest.has_value());
  EXPECT_TRUE(no_faster(*fastest)) << "64 threads took " << seconds((*fastest)[1])
                                   << " s, 2 took " << seconds((*fastest)[0]) << " s";
}

TEST(figures, OneCoreKeepsConcurrencyAndLosesParallelism) {
  const CoreLimit one_core(1);
  ASSERT_EQ(usable_cores(), 1U);
  const auto gains_nothing = [](const auto& best) {
    return speedup(best[0], best[1]) < margins::kOneCoreSpeedupBelow;
  };
  const auto fastest =
      fastest_until<Sum>(cpu_workload(), std::array{CpuMode::serial, CpuMode::pool}, gains_nothing);
  ASSERT_TRUE(fastest.has_value());
  EXPECT_TRUE(gains_nothing(*fastest)) << "CPU-bound, one core";

  IoConfig io;
  io.latency = std::chrono::milliseconds(100);
  io.tasks = 200;
  const IoRun threads = io_thread_per_task(io);
  EXPECT_LE(over_latency(threads, io), margins::kIoWallOverLatency) << "I/O-bound, one core";
  const IoRun loop = io_event_loop(io);
  EXPECT_LE(over_latency(loop, io), margins::kIoWallOverLatency) << "I/O-bound, one core";
}

}  // namespace
}  // namespace racelab::parallelism
