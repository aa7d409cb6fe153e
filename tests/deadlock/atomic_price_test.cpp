// The documented price of the atomic reference fix (solutions/deadlock/atomic.hpp): its auditor
// has no consistent snapshot while transfers run. Built against the solution tree only; it is a
// claim about the reference, not a requirement of the student's bank.
#include "model_check.hpp"

#include <deadlock/atomic.hpp>

#include "bank_model.hpp"

namespace racelab::deadlock {
namespace {

// The price of the atomic fix, shown rather than claimed: asked for a consistent audit while
// transfers run, the model finds an interleaving in which the auditor's sum is wrong (it read one
// balance before a transfer and the other after it). No data race, no deadlock: a wrong answer.
TEST(atomic, ModelAuditorCanSeeMoneyInFlight) {
  const model::Verdict verdict =
      model::check<BankModel<using_atomic::Bank, 2, 1, Audit::always>>(model::FullSearch{});
  EXPECT_EQ(verdict.result_name, "USER ASSERT FAILED") << model::describe(verdict);
}

}  // namespace
}  // namespace racelab::deadlock
