// The shipped bug and its two traps fail the way the lab's README says: these checks pass only
// when Relacy finds the documented failure, so the README cannot drift from the code. None of the
// three has a data race; each breaks the invariant.
#include "model_check.hpp"

#include <overdraft/bug.hpp>
#include <overdraft/load_then_fetch_sub.hpp>
#include <overdraft/shared_check.hpp>

#include "withdraw_model.hpp"

namespace racelab::overdraft {
namespace {

template <AccountLike Account>
void expect_overdraft_found() {
  const model::Verdict verdict = model::check<WithdrawModel<Account, 2, 1>>(model::FullSearch{});
  EXPECT_EQ(verdict.result_name, "USER ASSERT FAILED") << model::describe(verdict);
  EXPECT_NE(verdict.report.find("balance never negative"), std::string::npos)
      << model::describe(verdict);
}

// A locked check, then a locked debit: two withdrawals of the last unit both pass the check.
TEST(bug, ModelFindsAnOverdraftButNoDataRace) { expect_overdraft_found<bug::Account>(); }

// An atomic load to check, an atomic fetch_sub to debit: the same overdraft, race-free.
TEST(load_then_fetch_sub, ModelFindsAnOverdraftButNoDataRace) {
  expect_overdraft_found<load_then_fetch_sub::Account>();
}

// The check under the shared side, the debit under the exclusive side: the same overdraft.
TEST(shared_check, ModelFindsAnOverdraftButNoDataRace) {
  expect_overdraft_found<shared_check::Account>();
}

}  // namespace
}  // namespace racelab::overdraft
