// The shipped bug on real threads, as the README tells it: every total is exact, and two workers
// on two cores are no faster than one, because the lock in add() is held while the chunk is
// computed: they keep less than half of the gain that two threads sharing nothing get in the same
// rounds (verdict.hpp, the program's rule).
#include <gtest/gtest.h>

#include <parallelism/bug.hpp>
#include <parallelism/cpu_workload.hpp>
#include <parallelism/measure.hpp>

#include "../support/unmeasurable.hpp"
#include "timing.hpp"

namespace racelab::parallelism {
namespace {

TEST(bug, ExactButTheGlobalLockSerializesThePool) {
  if (usable_cores() < 2) {
    RACELAB_SKIP_UNMEASURABLE() << "this process may use one core: there is no parallelism to lose";
  }
  CpuConfig config;
  config.chunks = 32;
  config.chunk_terms = 1'000'000;
  config.pool_threads = 2;
  // judge_until checks every run's total: the global lock keeps them all exact.
  expect_verdict<bug::SumOfRoots>(config, CpuMode::pool, Parallelism::serialized);
}

}  // namespace
}  // namespace racelab::parallelism
