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
// A CPU figure is measured in rounds, each running every mode it compares once, and is taken from
// each mode's fastest run: the least disturbed run measures the program rather than the machine.
// Rounds go on until the claim holds, and while it does not, for at least kTimingAttempts rounds
// and kTimingWindow. On the 2-core virtual machines this runs on, both cores sometimes run at
// half speed for up to a few seconds (the pool's CPU time doubles with the same work): three
// quick attempts in a row, all inside one such spell, failed a reference on CI. Code that cannot
// meet a claim still fails it, after the window: the window costs time, never a verdict. Every
// run's total must be exact: only the timing is measured again, never a result. The timing tests are RUN_SERIAL, so
// ctest runs nothing beside them; a machine busy for longer than the window can still fail them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>

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
inline constexpr std::chrono::seconds kTimingWindow{4};

}  // namespace racelab::parallelism::margins

namespace racelab::parallelism {

inline double seconds(Duration duration) { return std::chrono::duration<double>(duration).count(); }

// The fastest run of each of `modes`, measured in rounds (timing.hpp's opening comment) until
// `holds(fastest)` is true, or nullopt after a failure: a run whose total was not exact.
template <SumOfRootsLike Sum, std::size_t N, typename Claim>
std::optional<std::array<Duration, N>> fastest_until(const CpuConfig& config,
                                                     const std::array<CpuMode, N>& modes,
                                                     Claim holds) {
  const Total expected = expected_total(config);
  const auto window_ends = std::chrono::steady_clock::now() + margins::kTimingWindow;
  std::array<Duration, N> fastest;
  fastest.fill(Duration::max());
  for (int round = 1;; ++round) {
    for (std::size_t mode = 0; mode < N; ++mode) {
      const CpuRun run = run_cpu<Sum>(config, modes[mode]);
      if (run.total != expected) {
        ADD_FAILURE() << mode_name(modes[mode]) << ": the total was " << run.total << ", not "
                      << expected;
        return std::nullopt;
      }
      fastest[mode] = std::min(fastest[mode], run.measurement.wall);
    }
    if (holds(fastest)) return fastest;
    if (round >= margins::kTimingAttempts && std::chrono::steady_clock::now() >= window_ends) {
      return fastest;
    }
  }
}

inline double speedup(Duration serial, Duration parallel) {
  return seconds(serial) / seconds(parallel);
}

}  // namespace racelab::parallelism
