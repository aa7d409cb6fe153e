// Relacy model checks of the four exercise price books. handoff_model.hpp: the loop never waits
// for the refresh, reads only whole tables, and sees the new one once it is published.
// hold_model.hpp: a reader held inside a table while several more are published still reads that
// table, whole (it was not freed under it), and then sees the newest. Two threads, full search:
// every interleaving.
#include "model_check.hpp"

#include <event_loop/atomic.hpp>
#include <event_loop/channel.hpp>
#include <event_loop/mutex.hpp>
#include <event_loop/rwlock.hpp>

#include "handoff_model.hpp"
#include "hold_model.hpp"

namespace racelab::event_loop {
namespace {

template <PriceBookLike Book>
void expect_handoff_passes() {
  const model::Verdict verdict = model::check<HandoffModel<Book>>(model::FullSearch{});
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
