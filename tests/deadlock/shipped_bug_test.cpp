// The shipped bug fails the way the lab's README says: Relacy finds the AB-BA deadlock, and reports
// it as a deadlock (not a race, not a failed assertion), so the README cannot drift from the code.
#include "model_check.hpp"

#include <deadlock/bug.hpp>

#include "bank_model.hpp"

namespace racelab::deadlock {
namespace {

TEST(bug, ModelFindsADeadlock) {
  const model::Verdict verdict =
      model::check<BankModel<bug::Bank, 2, 0, Audit::always>>(model::FullSearch{});
  EXPECT_EQ(verdict.result, rl::test_result_deadlock) << model::describe(verdict);
  EXPECT_EQ(verdict.result_name, "DEADLOCK") << model::describe(verdict);
  // The sync layer hands Relacy the caller's source location: the report names the lab's file.
  EXPECT_NE(verdict.report.find("deadlock/bug.hpp"), std::string::npos) << model::describe(verdict);
}

}  // namespace
}  // namespace racelab::deadlock
