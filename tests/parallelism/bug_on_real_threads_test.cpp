// The shipped bug on real threads, as the README tells it: every total is exact, and two workers
// on two cores are no faster than one, because the lock in add() is held while the chunk is
// computed.
#include <gtest/gtest.h>

#include <parallelism/bug.hpp>
#include <parallelism/cpu_workload.hpp>
#include <parallelism/measure.hpp>

#include "timing.hpp"

namespace racelab::parallelism {
namespace {

TEST(bug, ExactButTheGlobalLockSerializesThePool) {
  if (usable_cores() < 2) GTEST_SKIP() << "one core: there is no parallelism to lose";
  CpuConfig config;
  config.chunks = 32;
  config.chunk_terms = 1'000'000;
  config.pool_threads = 2;
  // The fastest serial run of a few: a disturbed serial run would flatter the pool.
  const Duration serial = fastest<bug::SumOfRoots>(config, CpuMode::serial);
  const CpuRun pool = run_cpu<bug::SumOfRoots>(config, CpuMode::pool);
  EXPECT_EQ(pool.total, expected_total(config)) << "the global lock keeps the total exact";
  const double speedup = seconds(serial) / seconds(pool.measurement.wall);
  EXPECT_LT(speedup, margins::kGlobalLockSpeedupBelow)
      << "the pool was " << speedup << "x faster than one thread";
}

}  // namespace
}  // namespace racelab::parallelism
