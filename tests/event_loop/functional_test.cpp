// The event-loop lab on real threads: the program's scenario (scenario.hpp), at its default size
// (1000 requests x 200 ms of I/O, a refresh that goes on 300 ms past it), for each exercise book.
//
// What must hold for a fix, and the margins:
//   every request completes, every quote matches its table;
//   all 1000 requests are done within 1.25 x the I/O time (250 ms; measured: ~200.5 ms);
//   no timer fires more than 20 ms late and no handler runs longer than 20 ms (measured: under
//   3 ms). Under ThreadSanitizer, which slows every memory access, the budget is 60 ms, and the
//   1000 requests may take 1.5 x the I/O time.
// A book that makes the loop wait for the refresh breaks the budget by 300 ms, so the margins
// cannot hide the bug. The tests are RUN_SERIAL (tests/event_loop/CMakeLists.txt): timing tests
// share the two cores with nothing else.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include <event_loop/atomic.hpp>
#include <event_loop/channel.hpp>
#include <event_loop/mutex.hpp>
#include <event_loop/rwlock.hpp>
#include <event_loop/scenario.hpp>

#include "timing_margins.hpp"

namespace racelab::event_loop {
namespace {

std::string describe(const ScenarioResult& result) {
  std::string text = "completed " + std::to_string(result.completed) + ", inconsistent quotes " +
                     std::to_string(result.inconsistent_quotes) + ", requests done in " +
                     std::to_string(std::chrono::duration<double, std::milli>(
                                        result.requests_done).count()) +
                     " ms, worst timer lag " +
                     std::to_string(std::chrono::duration<double, std::milli>(
                                        result.worst_timer_lag).count()) +
                     " ms, slow handlers " + std::to_string(result.slow_handler_count);
  for (const loop::SlowHandler& slow : result.slow_handlers) {
    text += "\n  handler " + slow.name + " ran " +
            std::to_string(std::chrono::duration<double, std::milli>(slow.ran).count()) + " ms";
  }
  return text;
}

template <PriceBookLike Book>
void expect_loop_never_blocked() {
  ScenarioConfig config;  // the program's defaults
  config.budget = testing_margins::kLoopBudget;
  const ScenarioResult result = run_scenario<Book>(config);
  EXPECT_EQ(result.completed, config.requests) << describe(result);
  EXPECT_EQ(result.inconsistent_quotes, 0U) << describe(result);
  EXPECT_LE(result.worst_timer_lag, testing_margins::kLoopBudget) << describe(result);
  EXPECT_EQ(result.slow_handler_count, 0U) << describe(result);
  EXPECT_LE(result.requests_done, config.io * testing_margins::kRequestsDoneOverIo)
      << describe(result);
}

TEST(mutex, ServesAThousandRequestsWithinBudget) {
  expect_loop_never_blocked<using_mutex::PriceBook>();
}
TEST(atomic, ServesAThousandRequestsWithinBudget) {
  expect_loop_never_blocked<using_atomic::PriceBook>();
}
TEST(rwlock, ServesAThousandRequestsWithinBudget) {
  expect_loop_never_blocked<using_rwlock::PriceBook>();
}
TEST(channel, ServesAThousandRequestsWithinBudget) {
  expect_loop_never_blocked<using_channel::PriceBook>();
}

}  // namespace
}  // namespace racelab::event_loop
