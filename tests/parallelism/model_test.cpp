// Relacy model checks of the four exercise sums (merge_model.hpp): no update lost, no data race,
// whether or not the precision is reconfigured while the workers add.
//
// The reconfiguration first (a worker sets the precision, then adds: its chunk must use it) is
// smaller than the reconfiguration above: under 0.1 s, the channel's under 0.5 s.
//
// Search sizes, measured on this project's 2-core machine (RelWithDebInfo):
//   mutex, atomic, rwlock   2 workers, full search: 70 to 774 executions (milliseconds)
//                           + a reconfiguration, full search: 22,720 (atomic) to 954,272 (rwlock)
//                           executions, about 1.3 s
//   channel                 2 workers + the owner, up to 3 preemptions: 33,188 executions; with
//                           a reconfiguration 824,456 (2.5 s). A full search does not finish in
//                           five minutes: every send and receive is a mutex and condition-variable
//                           hand-off with many scheduling points. The channel itself has
//                           full-search checks of its own (tests/sync/channel_model_test.cpp).
#include "model_check.hpp"

#include <parallelism/atomic.hpp>
#include <parallelism/channel.hpp>
#include <parallelism/mutex.hpp>
#include <parallelism/rwlock.hpp>

#include "merge_model.hpp"

namespace racelab::parallelism {
namespace {

template <SumOfRootsLike Sum>
auto plan() {
  if constexpr (OwnedSum<Sum>) {
    return model::ContextBound{.preemptions = 3};
  } else {
    return model::FullSearch{};
  }
}

template <SumOfRootsLike Sum>
void expect_merge_passes() {
  const model::Verdict verdict = model::check<MergeModel<Sum, Reconfiguration::none>>(plan<Sum>());
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

template <SumOfRootsLike Sum>
void expect_reconfiguration_passes() {
  const model::Verdict verdict =
      model::check<MergeModel<Sum, Reconfiguration::meanwhile>>(plan<Sum>());
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

template <SumOfRootsLike Sum>
void expect_reconfigure_then_merge_passes() {
  const model::Verdict verdict = model::check<MergeModel<Sum, Reconfiguration::first>>(plan<Sum>());
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

TEST(mutex, ModelTwoWorkersMerge) { expect_merge_passes<using_mutex::SumOfRoots>(); }
TEST(mutex, ModelReconfigureWhileMerging) {
  expect_reconfiguration_passes<using_mutex::SumOfRoots>();
}
TEST(mutex, ModelReconfigureThenMerge) {
  expect_reconfigure_then_merge_passes<using_mutex::SumOfRoots>();
}
TEST(atomic, ModelTwoWorkersMerge) { expect_merge_passes<using_atomic::SumOfRoots>(); }
TEST(atomic, ModelReconfigureWhileMerging) {
  expect_reconfiguration_passes<using_atomic::SumOfRoots>();
}
TEST(atomic, ModelReconfigureThenMerge) {
  expect_reconfigure_then_merge_passes<using_atomic::SumOfRoots>();
}
TEST(rwlock, ModelTwoWorkersMerge) { expect_merge_passes<using_rwlock::SumOfRoots>(); }
TEST(rwlock, ModelReconfigureWhileMerging) {
  expect_reconfiguration_passes<using_rwlock::SumOfRoots>();
}
TEST(rwlock, ModelReconfigureThenMerge) {
  expect_reconfigure_then_merge_passes<using_rwlock::SumOfRoots>();
}
TEST(channel, ModelTwoWorkersMerge) { expect_merge_passes<using_channel::SumOfRoots>(); }
TEST(channel, ModelReconfigureWhileMerging) {
  expect_reconfiguration_passes<using_channel::SumOfRoots>();
}
TEST(channel, ModelReconfigureThenMerge) {
  expect_reconfigure_then_merge_passes<using_channel::SumOfRoots>();
}

}  // namespace
}  // namespace racelab::parallelism
