// The shipped bug fails the way the lab's README says: in the hand-off model, the loop waits for
// the writer's lock while the writer waits for the loop's tick, and Relacy reports a DEADLOCK
// (not a race: every access in bug.hpp is under the lock), naming the lab's file.
#include "model_check.hpp"

#include <event_loop/bug.hpp>

#include "handoff_model.hpp"

namespace racelab::event_loop {
namespace {

TEST(bug, ModelLoopWaitsForTheRefreshDeadlock) {
  const model::Verdict verdict = model::check<HandoffModel<bug::PriceBook>>(model::FullSearch{});
  EXPECT_EQ(verdict.result, rl::test_result_deadlock) << model::describe(verdict);
  EXPECT_EQ(verdict.result_name, "DEADLOCK") << model::describe(verdict);
  EXPECT_NE(verdict.report.find("event_loop/bug.hpp"), std::string::npos)
      << model::describe(verdict);
}

}  // namespace
}  // namespace racelab::event_loop
