// timing.hpp — the parallelism lab's figures (README.md), the bounds its tests hold them to, and
// how the tests take the measurements.
//
//   figure                                   measured here      test bound
//   CPU pool over serial, 2 cores            ~1.9x              >= 1.5x  (the README promises
//                                                                1.7x; 0.2 spare for a busy CI
//                                                                machine)
//   CPU global-lock mode over serial         ~1.0x              <  1.15x
//   CPU oversubscribed (64) vs the pool      0% to 2% slower    no more than 5% faster (noise)
//   CPU pool on one core (--cores 1)         ~1.0x              <  1.15x
//   I/O event loop                           ~1.00x latency     <= 1.25x
//   I/O thread per task                      1.16x to 1.23x     <= 1.25x (starting 1000 threads
//                                                                takes ~30 ms of it)
//
// Speedups are the best of a few attempts: the least disturbed run is the one that measures the
// program rather than the machine. Every attempt's total must be exact: only the timing is
// retried, never a result. The timing tests are RUN_SERIAL, so ctest runs nothing beside them; a
// machine loaded from outside can still make them fail: run them on a quiet machine.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include <parallelism/cpu_workload.hpp>

namespace racelab::parallelism::margins {

inline constexpr double kPoolSpeedupAtLeast = 1.5;
inline constexpr double kGlobalLockSpeedupBelow = 1.15;
inline constexpr double kOversubscribedMayBeFasterBy = 1.05;
inline constexpr double kOneCoreSpeedupBelow = 1.15;
// The I/O figures are checked in plain builds only: under ThreadSanitizer a thread start costs
// about a millisecond, and 1000 of them are five latencies (tests/parallelism/CMakeLists.txt).
inline constexpr double kIoWallOverLatency = 1.25;
inline constexpr int kTimingAttempts = 3;
// A speedup that must reach a bound is measured until it does, for at least kTimingAttempts
// attempts and at most this long: a neighbour that takes a core for a second (seen once on CI:
// three attempts in 1 s all below 1.5x) no longer decides the verdict. The shipped bug never
// reaches the bound, so it pays the whole window: about 3 s on a plain build.
inline constexpr std::chrono::seconds kSpeedupWindow{3};

}  // namespace racelab::parallelism::margins

namespace racelab::parallelism {

inline double seconds(Duration duration) { return std::chrono::duration<double>(duration).count(); }

// The fastest of a few runs of `mode` on a fresh Sum each time; every run's total must be exact.
template <SumOfRootsLike Sum>
Duration fastest(const CpuConfig& config, CpuMode mode) {
  const Total expected = expected_total(config);
  Duration best = Duration::max();
  for (int attempt = 0; attempt < margins::kTimingAttempts; ++attempt) {
    const CpuRun run = run_cpu<Sum>(config, mode);
    EXPECT_EQ(run.total, expected) << mode_name(mode);
    best = std::min(best, run.measurement.wall);
  }
  return best;
}

}  // namespace racelab::parallelism
