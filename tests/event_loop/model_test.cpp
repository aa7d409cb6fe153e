// Relacy model checks of the four exercise price books. handoff_model.hpp: the loop never waits
// for the refresh, reads only whole tables, and sees the new one once it is published.
// hold_model.hpp: a reader held inside a table while several more are published still reads that
// table, whole (it was not freed under it), and then sees the newest. Two threads each.
#include "model_check.hpp"

#include <event_loop/atomic.hpp>
#include <event_loop/channel.hpp>
#include <event_loop/mutex.hpp>
#include <event_loop/rwlock.hpp>

#include "handoff_model.hpp"
#include "hold_model.hpp"

namespace racelab::event_loop {
namespace {

// Every interleaving with at most three preemptions, not every interleaving. The full search took
// 3.5 to 5 million executions (13 to 18 s a book): a student's check waited for it on every save,
// and most of it reorders the writer's five writes into a table nobody reads yet. What fails here
// needs fewer: a loop that waits for the writer deadlocks in the first execution, and a table
// published before it is visible (a relaxed store of the pointer) is read torn within the first
// 300 executions at a bound of two. Bound 3 is 4,200 to 22,000 executions, under 0.1 s, and the
// grading corpus's verdicts are the full search's.
template <PriceBookLike Book>
void expect_handoff_passes() {
  const model::Verdict verdict =
      model::check<HandoffModel<Book>>(model::ContextBound{.preemptions = 3});
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

template <PriceBookLike Book>
void expect_hold_passes() {
  const model::Verdict verdict = model::check<HoldModel<Book>>(kHoldSearch);
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

TEST(mutex, ModelLoopNeverWaitsForTheRefresh) { expect_handoff_passes<using_mutex::PriceBook>(); }
TEST(atomic, ModelLoopNeverWaitsForTheRefresh) { expect_handoff_passes<using_atomic::PriceBook>(); }
TEST(rwlock, ModelLoopNeverWaitsForTheRefresh) { expect_handoff_passes<using_rwlock::PriceBook>(); }
TEST(channel, ModelLoopNeverWaitsForTheRefresh) {
  expect_handoff_passes<using_channel::PriceBook>();
}

TEST(mutex, ModelReaderKeepsItsTableAcrossRefreshes) {
  expect_hold_passes<using_mutex::PriceBook>();
}
TEST(atomic, ModelReaderKeepsItsTableAcrossRefreshes) {
  expect_hold_passes<using_atomic::PriceBook>();
}
TEST(rwlock, ModelReaderKeepsItsTableAcrossRefreshes) {
  expect_hold_passes<using_rwlock::PriceBook>();
}
TEST(channel, ModelReaderKeepsItsTableAcrossRefreshes) {
  expect_hold_passes<using_channel::PriceBook>();
}

}  // namespace
}  // namespace racelab::event_loop
