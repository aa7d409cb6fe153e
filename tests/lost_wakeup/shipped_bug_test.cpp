// The shipped bug fails the way the lab's README says: Relacy finds the lost wake-up and reports
// it as a DEADLOCK (every thread asleep, nobody left to notify), not as a data race: every access
// is under the lock, which is why ThreadSanitizer has nothing to say about it.
#include "model_check.hpp"

#include <lost_wakeup/bug.hpp>

#include "jobs_model.hpp"

namespace racelab::lost_wakeup {
namespace {

TEST(bug, ModelFindsALostWakeUp) {
  const model::Verdict verdict =
      model::check<JobsModel<bug::JobQueue, 1, 1, 2, 1>>(model::FullSearch{});
  EXPECT_EQ(verdict.result, rl::test_result_deadlock) << model::describe(verdict);
  EXPECT_EQ(verdict.result_name, "DEADLOCK") << model::describe(verdict);
  // The sync layer hands Relacy the caller's source location: the report names the lab's file.
  EXPECT_NE(verdict.report.find("lost_wakeup/bug.hpp"), std::string::npos)
      << model::describe(verdict);
}

}  // namespace
}  // namespace racelab::lost_wakeup
