// The event-loop lab on real threads: the program's scenario (scenario.hpp), at its default size
// (1000 requests x 200 ms of I/O, a refresh that goes on 300 ms past it), for each exercise book.
//
// What must hold for a fix, each a claim about the code, whatever the machine does:
//   every request completes, every quote matches its table;
//   no handler's own time passes the budget, and the handlers' own time makes no timer later than
//   the budget (20 ms, 60 ms under ThreadSanitizer: timing_margins.hpp says why and what was
//   measured).
// Own time is wall time minus the time the loop thread was descheduled, so a busy machine cannot
// fail a fix. What the machine does decide is reported in the message, not asserted: when the
// last request completed (1.00 x the I/O time on an idle machine), the worst timer lag in wall
// time, and the time the loop thread was descheduled.
// A book that makes the loop wait for the refresh holds a handler for 300 ms of its own time, so
// the budget cannot hide the bug. The tests are RUN_SERIAL (tests/event_loop/CMakeLists.txt): the
// fewer threads beside them, the less their wall-time figures say about anything else.
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

std::string ms(Duration duration) {
  return std::to_string(std::chrono::duration<double, std::milli>(duration).count()) + " ms";
}

std::string describe(const ScenarioResult& result) {
  std::string text = "completed " + std::to_string(result.completed) + ", inconsistent quotes " +
                     std::to_string(result.inconsistent_quotes) + ", requests done in " +
                     ms(result.requests_done) + ", worst timer lag " + ms(result.worst_timer_lag) +
                     " (made by handlers " + ms(result.worst_timer_lag_by_code) +
                     "), loop descheduled " +
                     (result.measures_descheduling ? ms(result.descheduled) : "not measured") +
                     ", slow handlers " + std::to_string(result.slow_handler_count);
  for (const loop::SlowHandler& slow : result.slow_handlers) {
    text += "\n  handler " + slow.name + " ran " + ms(slow.wall) + ", own " + ms(slow.own()) +
            ", descheduled " + ms(slow.descheduled);
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
  EXPECT_EQ(result.slow_handler_count, 0U) << describe(result);
  EXPECT_LE(result.worst_timer_lag_by_code, testing_margins::kLoopBudget) << describe(result);
  EXPECT_TRUE(result.within_budget()) << describe(result);
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
