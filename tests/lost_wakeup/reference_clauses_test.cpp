// The contract's clauses one at a time on real threads, for the references whose shipped drafts
// already keep them whenever the threads are asleep before the change comes (clause_checks.hpp):
// the mutex, atomic and channel drafts' one bug is the lost wake-up, which these checks' sleeps
// leave no room for, and no draft's push() returns into a full queue. A check that cannot fail on
// the draft grades nothing, so these only hold the references to the clauses, under
// ThreadSanitizer in the tsan presets; an exercise is graded on them by the model checks
// (ModelCloseWakesEveryWaiter: C1, C4 and C5 in every interleaving, where each draft fails).
#include "clause_checks.hpp"

#include <lost_wakeup/atomic.hpp>
#include <lost_wakeup/channel.hpp>
#include <lost_wakeup/mutex.hpp>
#include <lost_wakeup/semaphore.hpp>

namespace racelab::lost_wakeup {
namespace {

TEST(mutex, CloseDrainsThenRefuses) { expect_close_drains_then_refuses<using_mutex::JobQueue>(); }
TEST(atomic, CloseDrainsThenRefuses) { expect_close_drains_then_refuses<using_atomic::JobQueue>(); }
TEST(channel, CloseDrainsThenRefuses) {
  expect_close_drains_then_refuses<using_channel::JobQueue>();
}

TEST(mutex, CloseWakesEveryWaiter) { expect_close_wakes_every_waiter<using_mutex::JobQueue>(); }
TEST(atomic, CloseWakesEveryWaiter) { expect_close_wakes_every_waiter<using_atomic::JobQueue>(); }
TEST(channel, CloseWakesEveryWaiter) { expect_close_wakes_every_waiter<using_channel::JobQueue>(); }

TEST(mutex, PushWaitsWhileFull) { expect_push_waits_while_full<using_mutex::JobQueue>(); }
TEST(atomic, PushWaitsWhileFull) { expect_push_waits_while_full<using_atomic::JobQueue>(); }
TEST(semaphore, PushWaitsWhileFull) { expect_push_waits_while_full<using_semaphore::JobQueue>(); }
TEST(channel, PushWaitsWhileFull) { expect_push_waits_while_full<using_channel::JobQueue>(); }

}  // namespace
}  // namespace racelab::lost_wakeup
