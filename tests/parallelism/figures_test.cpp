// The lab's claims (README.md), measured by the program's own workloads on the mutex reference:
// the claims about modes rather than about one variant's merge. Each is set against a baseline of
// the same run; the figures themselves (1.2x one latency, 1.9x) are the program's to report.
// Margins: timing.hpp.
//
//   I/O:  one thread per task and one event loop overlap 1000 waits: once the threads are
//         started, about one latency, where serially they take 1000; a pool of P threads needs
//         one latency per round of P; the serial figure is N x latency.
//   CPU:  the global-lock mode is serialized, by the program's own rule (verdict.hpp); 64
//         threads on 2 cores cost no less CPU than 2 for the same work; on one core (CoreLimit,
//         the program's --cores 1) the pool gains nothing either, while I/O waits still overlap.
#include <gtest/gtest.h>

#include <array>
#include <chrono>

#include <parallelism/cpu_workload.hpp>
#include <parallelism/io_workload.hpp>
#include <parallelism/measure.hpp>
#include <parallelism/mutex.hpp>

#include "../support/unmeasurable.hpp"
#include "timing.hpp"

namespace racelab::parallelism {
namespace {

using Sum = using_mutex::SumOfRoots;

double over_latency(const IoRun& run, const IoConfig& config) {
  return seconds(run.measurement.wall) / seconds(config.latency);
}

// The waits overlapped: after the last thread started (thread per task; 0 for the event loop,
// which starts none), the last reply came within one latency and its spare, and the whole run
// took a small share of the serial run's N latencies.
void expect_waits_overlap(const IoRun& run, const IoConfig& config, const IoRun& serial) {
  const double after_starts =
      seconds(run.measurement.wall - run.threads_started) / seconds(config.latency);
  EXPECT_LE(after_starts, 1 + margins::kLatenciesOfSparePerWait)
      << run.measurement.mode << ": the last reply came " << after_starts
      << " latencies after the last thread started";
  const double overlap_at_least =
      margins::kOverlapShareOfTasksAtLeast * static_cast<double>(config.tasks);
  EXPECT_LE(seconds(run.measurement.wall) * overlap_at_least, seconds(serial.measurement.wall))
      << run.measurement.mode << " took " << over_latency(run, config) << " latencies, "
      << "starting its threads " << seconds(run.threads_started) << " s of them, where the "
      << config.tasks << " waits one after another take " << over_latency(serial, config);
}

CpuConfig cpu_workload() {
  CpuConfig config;
  config.chunks = 64;
  config.chunk_terms = 1'000'000;
  config.pool_threads = 2;
  return config;
}

TEST(figures, IoThreadPerTaskAndEventLoopOverlapEveryWait) {
  // The program's defaults: 1000 tasks x 200 ms. Starting the 1000 threads takes 30 ms on one
  // machine, 100 ms on another: that is a figure of the machine, which the program reports, and
  // the claim is measured after it.
  const IoConfig config;
  const IoRun serial = io_serial(config);
  const IoRun threads = io_thread_per_task(config);
  EXPECT_EQ(threads.completed, config.tasks);
  expect_waits_overlap(threads, config, serial);
  const IoRun loop = io_event_loop(config);
  EXPECT_EQ(loop.completed, config.tasks);
  expect_waits_overlap(loop, config, serial);
}

TEST(figures, IoPoolNeedsOneLatencyPerRound) {
  IoConfig config;
  config.tasks = 100;
  config.pool_threads = 10;
  config.latency = std::chrono::milliseconds(50);
  const IoRun pool = io_pool(config);
  EXPECT_EQ(pool.completed, config.tasks);
  // 100 tasks / 10 threads: 10 rounds, against 1 for all at once and 100 for one at a time.
  constexpr double kRounds = 10;
  EXPECT_GE(over_latency(pool, config), kRounds);
  EXPECT_LE(over_latency(pool, config), kRounds * (1 + margins::kLatenciesOfSparePerWait));
}

TEST(figures, IoSerialEstimateIsTasksTimesLatency) {
  IoConfig config;
  config.latency = std::chrono::milliseconds(50);
  const IoRun serial = io_serial(config);
  EXPECT_TRUE(serial.measurement.extrapolated);
  EXPECT_EQ(serial.completed, config.serial_sample);
  const double tasks = static_cast<double>(config.tasks);
  EXPECT_GE(over_latency(serial, config), tasks);
  EXPECT_LE(over_latency(serial, config), tasks * (1 + margins::kLatenciesOfSparePerWait));
}

TEST(figures, CpuGlobalLockModeGainsNothing) {
  if (usable_cores() < 2) {
    RACELAB_SKIP_UNMEASURABLE() << "this process may use one core: there is no parallelism to lose";
  }
  expect_verdict<Sum>(cpu_workload(), CpuMode::global_lock, Parallelism::serialized);
}

TEST(figures, CpuOversubscribedCostsNoLessThanThePool) {
  CpuConfig config = cpu_workload();
  config.chunks = 256;  // enough chunks that each of the 64 threads gets several
  config.chunk_terms = 250'000;
  const auto costs_no_less = [](const auto& best) {
    return seconds(best[1].cpu) * margins::kOversubscribedMayCostLessBy >= seconds(best[0].cpu);
  };
  const auto fastest =
      fastest_until<Sum>(config, std::array{CpuMode::pool, CpuMode::oversubscribed}, costs_no_less);
  ASSERT_TRUE(fastest.has_value());
  EXPECT_TRUE(costs_no_less(*fastest)) << "64 threads took " << seconds((*fastest)[1].cpu)
                                       << " s of CPU time, 2 took " << seconds((*fastest)[0].cpu);
}

TEST(figures, OneCoreKeepsConcurrencyAndLosesParallelism) {
  const CoreLimit one_core(1);
  ASSERT_EQ(usable_cores(), 1U);
  // Against serial on the same core, in the same rounds (timing.hpp's margin).
  const auto gains_nothing = [](const auto& best) {
    return speedup(best[0], best[1]) < margins::kOneCoreSpeedupBelow;
  };
  const auto fastest =
      fastest_until<Sum>(cpu_workload(), std::array{CpuMode::serial, CpuMode::pool}, gains_nothing);
  ASSERT_TRUE(fastest.has_value());
  const double serial_core_share = seconds((*fastest)[0].cpu) / seconds((*fastest)[0].wall);
  if (!gains_nothing(*fastest) && serial_core_share < kSerialShareOfACoreAtLeast) {
    RACELAB_SKIP_UNMEASURABLE() << "the serial run had " << 100 * serial_core_share
                                << "% of its core: other work decides the wall times";
  }
  EXPECT_TRUE(gains_nothing(*fastest))
      << "CPU-bound, one core: the pool was " << speedup((*fastest)[0], (*fastest)[1])
      << "x faster than one thread";

  IoConfig io;
  io.latency = std::chrono::milliseconds(100);
  io.tasks = 200;
  const IoRun serial = io_serial(io);
  expect_waits_overlap(io_thread_per_task(io), io, serial);
  expect_waits_overlap(io_event_loop(io), io, serial);
}

}  // namespace
}  // namespace racelab::parallelism
