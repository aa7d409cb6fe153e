// The shipped bug and the split_atomic trap fail the way the lab's README says: these checks pass
// only when Relacy finds the documented failure, so the README cannot drift from the code.
#include "model_check.hpp"

#include <lost_update/bug.hpp>
#include <lost_update/split_atomic.hpp>

#include "deposit_model.hpp"

namespace racelab::lost_update {
namespace {

// A plain read-modify-write from two threads is a data race; Relacy sees it in the first
// interleaving that overlaps two deposits. The search tries the other thread first after each
// plain read, so that the execution it reports, and its timeline, is the README's: both
// depositors read the balance, then thread 0's write races with thread 1's read.
TEST(bug, ModelFindsADataRace) {
  const model::Verdict verdict = model::check<DepositModel<bug::Account, 2, 1>>(
      model::FullSearch{.yield_after_plain_reads = true});
  EXPECT_EQ(verdict.result_name, "DATA RACE") << model::describe(verdict);
  // The sync layer hands Relacy the caller's source location: the report names the lab's file.
  EXPECT_NE(verdict.report.find("lost_update/bug.hpp"), std::string::npos)
      << model::describe(verdict);
}

// Atomic load then atomic store: no data race (which is all ThreadSanitizer looks for), yet a
// deposit is lost. Relacy reports the failed final-balance assertion.
TEST(split_atomic, ModelFindsALostUpdateButNoDataRace) {
  const model::Verdict verdict =
      model::check<DepositModel<split_atomic::Account, 2, 1>>(model::FullSearch{});
  EXPECT_EQ(verdict.result_name, "USER ASSERT FAILED") << model::describe(verdict);
}

}  // namespace
}  // namespace racelab::lost_update
