// The shipped bug on real threads, as the README tells it: every total is exact, and two workers
// on two cores are no faster than one, because the lock in add() is held while the chunk is
// computed.
#include <gtest/gtest.h>

#include <array>

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
  const auto gains_nothing = [](const auto& best) {
    return speedup(best[0], best[1]) < margins::kGlobalLockSpeedupBelow;
  };
  // fastest_until checks every run's total: the global lock keeps them all exact.
  const auto fastest = fastest_until<bug::SumOfRoots>(
      config, std::array{CpuMode::serial, CpuMode::pool}, gains_nothing);
  ASSERT_TRUE(fastest.has_value());
  EXPECT_TRUE(gains_nothing(*fastest))
      << "the pool was " << speedup((*fastest)[0], (*fastest)[1]) << "x faster than one thread";
}

}  // namespace
}  // namespace racelab::parallelism
