// The shipped bug, on real threads, shows what the README says: with a 300 ms block, timers fire
// at least 300 ms late, and the loop's slow-handler report names the handler that blocked it.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include <event_loop/bug.hpp>
#include <event_loop/scenario.hpp>

namespace racelab::event_loop {
namespace {

TEST(bug, BlocksTheWholeLoopForTheRefresh) {
  const ScenarioConfig config;  // the program's defaults: 1000 x 200 ms, a 300 ms block
  const ScenarioResult result = run_scenario<bug::PriceBook>(config);
  EXPECT_EQ(result.completed, config.requests);
  // By the scenario's timing (scenario.hpp): every request is due before the refresh's end minus
  // the block, and all but the first fire after it, provided the writer took the lock before the
  // first request's I/O ended (it has io/2 = 100 ms to do so).
  EXPECT_GE(result.worst_timer_lag, config.block);
  ASSERT_GE(result.slow_handler_count, 1U);
  const auto blocker = std::max_element(
      result.slow_handlers.begin(), result.slow_handlers.end(),
      [](const loop::SlowHandler& a, const loop::SlowHandler& b) { return a.ran < b.ran; });
  EXPECT_EQ(blocker->name, "handle_request");
  // The blocked handler started a little after the requests' I/O ended (epoll's wake-up), so it
  // ran for the block minus that; 10% is far more than the wake-up ever takes.
  EXPECT_GE(blocker->ran, config.block * 0.9);
  EXPECT_FALSE(result.within_budget());
}

}  // namespace
}  // namespace racelab::event_loop
